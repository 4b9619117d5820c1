"""Japanese for issue 15's folded action plan: each workstream's most urgent milestones with its
counts and a link to its whole timeline, and the page links of the long lists."""

C = "\x04"  # gettext's separator between a context and its msgid

JA = {
    # A folded workstream on the plan's page
    "%(total)s milestones: %(done)s done, %(in_progress)s in progress, %(planned)s planned, "
    "%(at_risk)s at risk; %(overdue)s overdue.": "マイルストーン%(total)s件：完了%(done)s件、"
    "進行中%(in_progress)s件、予定%(planned)s件、遅延のおそれ%(at_risk)s件（うち期限超過%(overdue)s件）。",
    "The %(shown)s that matter most now: overdue first, then at risk or in progress, then the "
    "next due.": "いま対応が必要な%(shown)s件を、期限超過、遅延のおそれ・進行中、期限の近い予定の順に"
    "表示しています。",
    "All %(total)s milestones of %(name)s": "%(name)sの全マイルストーン（%(total)s件）",
    # A workstream's own page
    "%(first)s–%(last)s of %(total)s": "%(total)s件中%(first)s～%(last)s件目",
    "The milestones of %(name)s as a list": "%(name)sのマイルストーンを一覧で見る",
    # The milestone list
    "%(counter)s milestone": "マイルストーン%(counter)s件",
    "%(first)s–%(last)s shown": "%(first)s～%(last)s件目を表示",
    # Page links: "Page 3" for a screen reader, the number alone on screen
    f"pagination{C}Page": "ページ",
}
