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
    "the first save, on the page you land on.": "まず下書きを保存してください。資料・画像の追加と審査への提出は、最初の保存後に表示されるページで行えます。",
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
}
