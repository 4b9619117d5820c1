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
}
