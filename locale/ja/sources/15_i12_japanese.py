"""Punctuation built in code and zone names in running text (issue 12, see locale/ja/GLOSSARY.md)."""

C = "\x04"  # gettext's separator between a context and its msgid

JA = {
    f"label separator{C}: ": "：",
    f"list separator{C}, ": "、",
    f"labels after a time{C} (%(labels)s)": "（%(labels)s）",
    # Zones as running text names them (CLDR's location format); form values stay IANA ids.
    f"time zone name{C}Asia/Tokyo": "日本時間",
    f"time zone name{C}Europe/Amsterdam": "オランダ時間",
    f"time zone name{C}Europe/Berlin": "ドイツ時間",
    f"time zone name{C}Europe/Brussels": "ベルギー時間",
    f"time zone name{C}Europe/Dublin": "アイルランド時間",
    f"time zone name{C}Europe/Helsinki": "フィンランド時間",
    f"time zone name{C}Europe/Lisbon": "ポルトガル時間",
    f"time zone name{C}Europe/London": "英国時間",
    f"time zone name{C}Europe/Madrid": "スペイン時間",
    f"time zone name{C}Europe/Paris": "フランス時間",
    f"time zone name{C}Europe/Prague": "チェコ時間",
    f"time zone name{C}Europe/Rome": "イタリア時間",
    f"time zone name{C}Europe/Stockholm": "スウェーデン時間",
    f"time zone name{C}Europe/Vienna": "オーストリア時間",
    f"time zone name{C}Europe/Warsaw": "ポーランド時間",
    f"time zone name{C}UTC": "協定世界時（UTC）",
}
