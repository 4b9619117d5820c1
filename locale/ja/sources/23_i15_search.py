JA = {
    "All its practices in the catalogue": "すべての事例を事例一覧で見る",
}
