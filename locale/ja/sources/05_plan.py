JA = {
    "visibility\x04Public": "公開",
    "visibility\x04Internal": "内部限定",
    "Duration (minutes)": "所要時間（分）",
}
