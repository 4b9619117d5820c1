"""Japanese for the security work: the security log, second factors, date bounds, request
limits and unsubscribe links."""

JA = {
    # The security log (admin)
    "Logged in": "ログイン",
    "Failed log-in": "ログイン失敗",
    "Log-in refused (too many failures)": "ログイン拒否（失敗の回数超過）",
    "Logged out": "ログアウト",
    "Password changed": "パスワードの変更",
    "Password reset by e-mail": "メールによるパスワードの再設定",
    "Second factor added": "多要素認証の追加",
    "Second factor removed": "多要素認証の削除",
    "Recovery codes regenerated": "リカバリーコードの再発行",
    "Wrong second-factor code": "多要素認証コードの誤り",
    "Invitation sent": "招待の送信",
    "Invitation revoked": "招待の取消し",
    "Invitation accepted": "招待の承諾",
    "Role granted": "役割の付与",
    "Role removed": "役割の解除",
    "Account status or admin rights changed": "アカウントの状態または管理権限の変更",
    "Action plan changed": "行動計画の変更",
    "Milestone created or changed": "マイルストーンの作成または変更",
    "Milestone progress reported": "マイルストーンの進捗報告",
    "Milestone cancelled": "マイルストーンの中止",
    "Practice archived": "事例の公開終了",
    "Theme added": "テーマの追加",
    "Unsubscribe links revoked": "配信停止リンクの無効化",
    "event": "記録内容",
    "who": "実施者",
    "who (e-mail)": "実施者（メールアドレス）",
    "what": "対象",
    "from address": "接続元アドレス",
    "browser": "ブラウザー",
    "details": "詳細",
    "security event": "セキュリティ記録",
    "security log": "セキュリティ記録",
    # Second factors
    "Two-factor authentication": "多要素認証",
    "Set up two-factor authentication": "多要素認証を設定する",
    "Coordinators and site administrators protect their account with a second factor: an "
    "authenticator app on a phone or a security key. Set one up to continue; until then the "
    "portal’s other pages are closed to you.": (
        "コーディネーターとサイト管理者は、二つ目の認証手段（スマートフォンの認証アプリ"
        "またはセキュリティキー）でアカウントを保護していただく必要があります。設定が"
        "完了するまで、ポータルの他のページはご利用いただけません。"
    ),
    # Dates
    "Give a date between %(first)s and %(last)s.": (
        "%(first)sから%(last)sまでの日付を入力してください。"
    ),
    # Request size
    "Too much data": "送信データが大きすぎます",
    "What was sent is larger than %(limit)s MB, so the portal did not read it. Files may be "
    "at most 10 MB.": (
        "送信されたデータが%(limit)s MBを超えているため、受け付けませんでした。"
        "ファイルは10 MBまでです。"
    ),
    # Unsubscribe links
    "unsubscribe links": "配信停止リンク",
    "Unsubscribe links": "配信停止リンク",
    "Every e-mail has a link that unsubscribes you without logging in. If someone else has "
    "seen your e-mails, make the links in the e-mails sent so far stop working; new e-mails "
    "will carry new links.": (
        "各メールには、ログインせずに配信を停止できるリンクが記載されています。"
        "他の方がメールをご覧になった可能性がある場合は、これまでに送信したメールの"
        "リンクを無効にしてください。今後のメールには新しいリンクが記載されます。"
    ),
    "Make earlier unsubscribe links stop working": "これまでの配信停止リンクを無効にする",
    "The unsubscribe links of the e-mails you received so far no longer work.": (
        "これまでに受信したメールの配信停止リンクを無効にしました。"
    ),
    "This link has expired": "このリンクは有効期限が切れています",
    "Unsubscribe links work for six months after their e-mail was sent. Log in to change which "
    "e-mails you receive, or use the link in a newer e-mail.": (
        "配信停止リンクの有効期間は、メール送信から6か月です。ログインして受信する"
        "メールを変更するか、新しいメールのリンクをご利用ください。"
    ),
    "E-mail settings": "メールの設定",
    "You will receive e-mails about “%(category)s” again.": (
        "「%(category)s」に関するメールの配信を再開します。"
    ),
    "You will no longer receive e-mails about “%(category)s”. Other e-mails are not affected.": (
        "「%(category)s」に関するメールの配信を停止しました。他のメールには影響しません。"
    ),
}
