JA = {
    "delivery\x04Pending": "送信待ち",
    "notification mode\x04When": "配信のタイミング",
    "%(done)s of %(total)s milestones done": "マイルストーン%(total)s件のうち%(done)s件が完了",
    "%(done)s of %(total)s milestones done.": "マイルストーン%(total)s件のうち%(done)s件が完了しています。",
    "Next meetings": "今後の会議",
    "No meeting is scheduled.": "予定されている会議はありません。",
    "All meetings": "すべての会議",
    "The action plan": "行動計画",
    "See the timeline": "タイムラインを見る",
}
