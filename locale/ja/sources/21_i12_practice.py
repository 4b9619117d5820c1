"""Japanese for issue 12's practice and log-in flows: why a practice cannot be edited now, what
comes after the first save, slugs that follow the English title, and the officers' log-in pages.

Terms (see the glossary): best practice → 事例; archived → 公開終了; coordinator →
コーディネーター; submitted for review → 審査に提出; sent back → 差し戻し. No あなた.
"""

JA = {
    # The first save and the next steps.
    "The practice has been saved as a draft. You can now add documents and images to it and, "
    "when it is complete, submit it for review: see “Next steps” below.": "事例を下書きとして保存しました。資料や画像を追加できるようになりました。内容がそろったら審査に提出してください（下の「次の手順」を参照）。",
    "Next steps": "次の手順",
    "Add documents": "資料を追加する",
    "Add a cover image and a gallery": "表紙画像とギャラリーを追加する",
    "Submit it for review when it is complete": "内容がそろったら審査に提出する",
    "Save a draft first: documents, images and submitting the practice for review come after "
    "the first save, on the page you land on.": "まず下書きを保存してください。資料・画像の追加と事例の審査への提出は、最初の保存後に表示されるページで行えます。",
    # Why a practice cannot be edited now.
    "This practice cannot be edited now": "この事例は現在編集できません",
    "A change to this practice was submitted for review on %(date)s.": "この事例の変更は%(date)sに審査に提出されました。",
    "A change to this practice has been submitted for review.": "この事例の変更は審査に提出済みです。",
    "This practice was submitted for review on %(date)s.": "この事例は%(date)sに審査に提出されました。",
    "This practice has been submitted for review.": "この事例は審査に提出済みです。",
    "It cannot be edited while it waits, so that a coordinator publishes the text they have read.": "コーディネーターが確認した内容のまま公開されるよう、審査中は編集できません。",
    "Publish it as it is, or send it back to its author with a comment saying what to change: "
    "once sent back, it can be edited again.": "このまま公開するか、修正点をコメントに書いて作成者に差し戻してください。差し戻すと再び編集できるようになります。",
    "A coordinator will publish it or send it back to you with a comment; once it is sent back, "
    "you can edit it again. If something must change before then, ask a coordinator to send it "
    "back.": "コーディネーターが公開するか、コメントを付けて差し戻します。差し戻された後は再び編集できます。それまでに修正が必要な場合は、コーディネーターに差し戻しを依頼してください。",
    "This practice has been archived: the public no longer sees it, and it cannot be edited or "
    "published again.": "この事例は公開終了となりました。一般には表示されず、編集や再公開はできません。",
    "To share an updated version, write a new practice.": "更新した内容を共有するには、新しい事例を作成してください。",
    "Only the officers of %(lead)s and the coordinators can edit this practice.": "この事例を編集できるのは、%(lead)sの担当者とコーディネーターのみです。",
    "Only the coordinators can edit this practice.": "この事例を編集できるのはコーディネーターのみです。",
    "To suggest a correction, write to its contact person, shown on its page to signed-in users.": "修正を提案するには、事例のページ（ログイン時に表示）に記載の問い合わせ担当者に連絡してください。",
    "Open it to review": "開いて審査する",
    "See the practice": "事例を見る",
    # Former addresses of a practice (the admin's names for them).
    "former slug": "旧スラッグ（以前のURL）",
    "former slugs": "旧スラッグ（以前のURL）",
    "retired at": "使用終了日時",
    # The officers' log-in and allauth's other pages: invitation only, no sign-up.
    "This portal is for the city officers and coordinators of the Japan–EU Smart City "
    "Cooperation programme. Accounts are by invitation only: if you need one, ask your "
    "coordinator to invite you.": "このポータルは、日EUスマートシティ協力プログラムの都市担当者とコーディネーターのためのものです。アカウントは招待制です。アカウントが必要な場合は、担当のコーディネーターに招待を依頼してください。",
    "Cities, meetings, the action plan and published best practices are open to everyone, "
    "without an account.": "都市、会議、行動計画、公開中の事例は、アカウントがなくてもどなたでもご覧いただけます。",
    "Accounts are by invitation only": "アカウントは招待制です",
    "This portal is for the city officers and coordinators of the Japan–EU Smart City "
    "Cooperation programme, who join by invitation. If you need an account, ask your "
    "coordinator to invite you: the invitation e-mail has a link to create it.": "このポータルは、日EUスマートシティ協力プログラムの都市担当者とコーディネーターのためのもので、招待により参加いただきます。アカウントが必要な場合は、担当のコーディネーターに招待を依頼してください。招待メールのリンクからアカウントを作成できます。",
    "Reset your password": "パスワードの再設定",
    "Enter the e-mail address of your account: we will send you a link to choose a new "
    "password.": "アカウントのメールアドレスを入力してください。新しいパスワードを設定するためのリンクをお送りします。",
    "Send the link": "リンクを送信",
    "If you no longer have access to that address, ask your coordinator.": "そのメールアドレスを使用できなくなった場合は、担当のコーディネーターにご相談ください。",
    "Check your e-mail": "メールをご確認ください",
    "If an account uses that address, we have sent it a link to choose a new password. If "
    "nothing arrives within a few minutes, check your spam folder, then ask your "
    "coordinator.": "そのメールアドレスのアカウントがある場合は、新しいパスワードを設定するためのリンクを送信しました。数分たっても届かない場合は、迷惑メールフォルダーをご確認のうえ、担当のコーディネーターにご相談ください。",
    "Back to log in": "ログイン画面に戻る",
    "Do you want to log out of the portal?": "ポータルからログアウトしますか？",
}
