JA = {
    "Type at most %(max)s characters to get suggestions.": "候補を表示するには%(max)s文字以内で入力してください。",
    "The search holds characters that cannot be typed.": "検索語に入力できない文字が含まれています。",
    "No suggestions.": "候補はありません。",
    "1 suggestion. Use the up and down arrow keys to choose.": "候補が1件あります。上下の矢印キーで選べます。",
    "%(count)s suggestions. Use the up and down arrow keys to choose.": "候補が%(count)s件あります。上下の矢印キーで選べます。",
    "Suggestions": "候補",
}
