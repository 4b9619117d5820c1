"""Japanese for issue 15's bounded lists on signed-in pages."""

JA = {
    "The newest %(shown)s of %(total)s published practices.": "公開中の事例%(total)s件のうち、新しい%(shown)s件を表示しています。",
    "All of %(city)s’s practices in the catalogue": "%(city)sのすべての事例を事例一覧で見る",
}
JA |= {
    "The %(shown)s most overdue of %(total)s.": "期限超過の%(total)s件のうち、期限の古い%(shown)s件を表示しています。",
    "The %(shown)s due soonest of %(total)s.": "%(total)s件のうち、期限の近い%(shown)s件を表示しています。",
}
