JA = {
    # Notifications: nothing changes on GET
    "Mark all as read": "すべて既読にする",
    "All notifications are marked as read.": "すべてのお知らせを既読にしました。",
    "Unsubscribe from e-mails": "メールの配信停止",
    "Stop e-mails about “%(category)s”? Other e-mails are not affected.": (
        "「%(category)s」に関するメールの配信を停止しますか。他のメールには影響しません。"
    ),
    # Calendar address made on request
    "Create my calendar address": "カレンダーのアドレスを作成する",
    "Your calendar address has been created.": "カレンダーのアドレスを作成しました。",
    # Admin through the services
    "Revoke the selected pending invitations": "選択した承諾待ちの招待を取り消す",
    "%(count)s invitation(s) revoked.": "%(count)s件の招待を取り消しました。",
    # Action plan services
    "Give a name in English or in Japanese (or both).": "名称を英語または日本語（あるいは両方）で入力してください。",
}
