JA = {
    "visibility\x04Public": "公開",
    "visibility\x04Internal": "内部限定",
    "Duration (minutes)": "所要時間（分）",
    "milestone status\x04Planned": "予定",
    "milestone status\x04In progress": "進行中",
    "milestone status\x04At risk": "遅延のおそれ",
    "milestone status\x04Done": "完了",
    "milestone status\x04Cancelled": "中止",
    # The filter already writes 2021年度, so the sentence adds nothing around it.
    "Japanese fiscal years %(first)s–%(last)s": "%(first)s〜%(last)s",
}
