"""Japanese for issue 12's flows: the host among the participants, changes named in words,
confirmations before cancelling and their undo, notices about milestones, minutes after the
meeting and the agenda's order."""

JA = {
    # The host takes part
    (
        "The host must be one of the participants: tick %(host)s among the participating"
        " cities or bodies, or choose another host."
    ): "主催者は参加者の中から選んでください。参加する都市・機関で%(host)sにチェックを入れるか、"
    "別の主催者を選んでください。",
    "Choose the host": "主催者を選択",
    "One of the participating cities or bodies below.": "下の参加都市・機関のいずれか。",
    # A host change, named in words
    "Hosted by %(host)s.": "主催：%(host)s",
    "What changed: %(what)s.": "変更点：%(what)s。",
    # Who is told about a milestone
    "Progress reported on a milestone": "マイルストーンの進捗報告",
    "A meeting decided on a milestone": "マイルストーンに関する会議の決定",
    "Progress on milestone %(code)s: %(progress)s%%": "マイルストーン%(code)sの進捗：%(progress)s%%",
    "%(who)s reported progress on milestone %(code)s “%(title)s”.": (
        "%(who)sさんがマイルストーン%(code)s「%(title)s」の進捗を報告しました。"
    ),
    "Status: %(status)s, %(progress)s%% done.": "状況：%(status)s、進捗%(progress)s%%。",
    "Decision on milestone %(code)s": "マイルストーン%(code)sに関する決定",
    "“%(meeting)s” took a decision on milestone %(code)s “%(title)s”:": (
        "「%(meeting)s」で、マイルストーン%(code)s「%(title)s」について次のとおり決定しました。"
    ),
    "The milestone:": "マイルストーン：",
    "The minutes:": "議事録：",
    # Cancelling asks once and can be undone
    "Cancel “%(title)s”?": "「%(title)s」を中止しますか？",
    "Cancel milestone %(code)s “%(title)s”?": "マイルストーン%(code)s「%(title)s」を中止しますか？",
    (
        "Everyone invited is told, and the meeting is taken out of their calendars"
        " (the .ics they received)."
    ): "招待した全員に通知され、各自のカレンダー（受け取った.icsファイル）から会議が削除されます。",
    "The meeting stays on the portal, marked cancelled.": "会議はポータル上に「中止」として残ります。",
    "You can restore it afterwards; the participants are told again.": (
        "後から元に戻すことができます。その場合も参加者に通知されます。"
    ),
    "Yes, cancel the meeting": "はい、会議を中止します",
    "Yes, cancel the milestone": "はい、マイルストーンを中止します",
    "No, keep it": "いいえ、中止しません",
    "Its owner cities and the coordinators are told.": "担当都市とコーディネーターに通知されます。",
    "It stays in the action plan, marked cancelled, and can be restored.": (
        "行動計画には「中止」として残り、後から元に戻すことができます。"
    ),
    "Restore the meeting": "会議を元に戻す",
    "Restore the milestone": "マイルストーンを元に戻す",
    "The meeting has been restored.": "会議を元に戻しました。",
    "The milestone has been restored.": "マイルストーンを元に戻しました。",
    "This meeting’s time has passed: schedule a new meeting instead of restoring it.": (
        "この会議の日時は過ぎています。元に戻すのではなく、新しい会議を設定してください。"
    ),
    "“%(title)s” is no longer cancelled. It takes place:": "「%(title)s」の中止は取り消されました。日時は次のとおりです：",
    # Minutes after the meeting; the agenda edited and reordered
    "The minutes can be published once the meeting has ended, not before.": (
        "議事録は会議の終了後に公開できます。終了前には公開できません。"
    ),
    "Change the agenda item": "議題の変更",
    "The item was not saved. Please correct the fields marked below.": (
        "議題は保存されていません。下に示した項目を修正してください。"
    ),
    "Save the item": "議題を保存",
    "Back to the meeting": "会議に戻る",
    "The agenda item has been changed.": "議題を変更しました。",
    "Move up": "上へ移動",
    "Move down": "下へ移動",
}
