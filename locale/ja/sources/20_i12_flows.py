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
}
