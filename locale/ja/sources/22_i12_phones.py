"""Japanese for issue 12's phones and forms: the menu button, the filter drawer, grouped
invitee checkboxes, the time-zone picker, friendly file types and Django's empty choice."""

C = "\x04"  # gettext's separator between a context and its msgid

JA = {
    # The header on phones
    "Menu": "メニュー",
    # The catalogue's filter drawer (one form in Japanese: the plural is the same)
    "(%(counter)s selected)": "（%(counter)s件選択中）",
    # Invitees, grouped by city and body
    "Find a person": "氏名で絞り込む",
    "Not in a city or body": "都市・調整機関に所属していない方",
    # Time zones by city and country, the partners' first
    "%(city)s, %(country)s": "%(country)s・%(city)s",
    "%(zone)s — %(names)s": "%(zone)s（%(names)s）",
    "The partners’ time zones": "パートナー都市・機関のタイムゾーン",
    "Every time zone": "すべてのタイムゾーン",
    # Django's own empty choice, newer than its Japanese catalogue
    "- Select an option -": "選択してください",
    # Files by the type people know
    "PDF": "PDF",
    "PNG image": "PNG画像",
    "JPEG image": "JPEG画像",
    "WebP image": "WebP画像",
    "GIF image": "GIF画像",
    "File": "ファイル",
    "(%(kind)s, %(size)s)": "（%(kind)s、%(size)s）",
}
