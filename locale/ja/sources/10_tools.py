JA = {
    # The calendar page: subscribing to the two feeds
    "My meetings": "自分の会議",
    "Due dates of the action plan": "行動計画の期限日",
    "Subscribe in my calendar program": "カレンダーアプリで購読する",
    "Or copy the address into your calendar program": (
        "または、このアドレスをコピーしてカレンダーアプリに登録してください"
    ),
    "Copy the address": "アドレスをコピー",
    "Copied": "コピーしました",
    # The daily digest as a category of its own
    "Send me the daily digest": "毎日のまとめをメールで受け取る",
    "It collects the e-mails you chose to receive in a daily digest. Without it, those notices are only shown in your notifications on the portal.": (
        "「毎日のまとめで送信」を選んだお知らせを1通のメールにまとめてお送りします。"
        "受け取らない場合、それらのお知らせはポータルのお知らせ一覧にのみ表示されます。"
    ),
}
