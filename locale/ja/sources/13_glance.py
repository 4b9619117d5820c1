JA = {
    # Filters of the pair matrix: fiscal year (年度), dates, theme
    "Any": "指定なし",
    "Fiscal year": "年度",
    "April to March, as the action plan counts.": "行動計画と同じく、4月から翌年3月までです。",
    "Choose a fiscal year or dates, not both.": "年度か期間のどちらか一方を指定してください。",
    "The end must not be before the start.": "終了日は開始日より前にはできません。",
    "All themes": "すべてのテーマ",
    "Apply": "絞り込む",
    "Clear the filters": "絞り込みを解除",
    "filtered": "絞り込み中",
    # Quarters and months (2026年度第3四半期, 2026年11月)
    "%(year)s Q%(quarter)s": "%(year)s第%(quarter)s四半期",
    "Quarter": "四半期",
    "Month": "月",
    # Themes on meetings and milestones
    "What the meeting is about; the partnership pages filter by theme.": (
        "会議で扱う分野です。都市間連携のページでテーマ別に絞り込む際に使います。"
    ),
    "What the milestone is about; the partnership pages filter by theme.": (
        "マイルストーンの分野です。都市間連携のページでテーマ別に絞り込む際に使います。"
    ),
    # The pair matrix and a pair's page
    "Partnerships": "都市間連携",
    "EU–Japan partnerships": "日EU都市間連携",
    "Which European city has worked with which Japanese city, and on what: the meetings they have held together and the milestones of the action plan they share. Choose a pair to see its work in time order.": (
        "どの欧州の都市がどの日本の都市と、どのような分野で連携してきたかを示します。"
        "共同で開催した会議と、共同で担当する行動計画のマイルストーンを数えています。"
        "都市の組み合わせを選ぶと、これまでの取組を時系列で確認できます。"
    ),
    "Public meetings only: internal meetings count for the programme’s members.": (
        "公開の会議のみを数えています。内部限定の会議は、プログラムの参加者にのみ数に含まれます。"
    ),
    "European cities (rows) by Japanese cities (columns)": "欧州の都市（行）と日本の都市（列）",
    "%(a)s and %(b)s: %(m)s meetings held, %(s)s shared milestones": (
        "%(a)sと%(b)s：開催した会議%(m)s件、共同のマイルストーン%(s)s件"
    ),
    ", %(t)s practices taken up": "、導入した事例%(t)s件",
    "meetings": "会議",
    "milestones": "マイルストーン",
    "practices": "事例",
    "Less joint work": "連携が少ない",
    "more": "多い",
    "In all: %(m)s meetings held by European and Japanese cities together (a meeting of several pairs counts for each), %(s)s shared milestones.": (
        "合計：欧州と日本の都市が共同で開催した会議%(m)s件"
        "（複数の組み合わせが参加した会議は組み合わせごとに数えています）、"
        "共同のマイルストーン%(s)s件。"
    ),
    "Download as CSV": "CSVでダウンロード",
    "%(a)s and %(b)s": "%(a)sと%(b)s",
    "meetings held together": "共同で開催した会議",
    "shared milestones": "共同のマイルストーン",
    "practices taken up": "導入した事例",
    "Their work together, in time order": "これまでの取組（時系列）",
    "Meeting": "会議",
    "no minutes yet": "議事録未作成",
    "completed": "完了",
    "Practice taken up": "導入した事例",
    "Nothing yet: these two cities have not held a meeting together or shared a milestone.": (
        "この2都市が共同で開催した会議や、共同で担当するマイルストーンはまだありません。"
    ),
    "Their next meetings": "今後の会議",
    # A city's and a body's page
    "Country": "国",
    # A place in brackets after a name: full-width brackets in Japanese, no space.
    " (%(place)s)": "（%(place)s）",
    " (%(year)s)": "（%(year)s）",
    "Working hours": "勤務時間",
    "%(start)s–%(end)s local time, Monday to Friday": "現地時間%(start)s〜%(end)s（月曜日〜金曜日）",
    "Days off in the next %(days)s day": "今後%(days)s日間の休日",
    "None": "なし",
    "None.": "ありません。",
    "Contact point": "連絡窓口",
    "The city’s officers take part through the programme’s coordinators: write to ISINNOVA for the European cities or to the Cabinet Office of Japan for the Japanese cities.": (
        "各都市の担当者へのご連絡は、プログラムのコーディネーターを通じてお願いいたします。"
        "欧州の都市についてはISINNOVAへ、日本の都市については内閣府へお問い合わせください。"
    ),
    "The city’s own website": "市のウェブサイト",
    "Contact %(name)s through its website": "%(name)sへはウェブサイトからお問い合わせください",
    "Partner city": "パートナー都市",
    "Meetings held together": "共同で開催した会議",
    "Shared milestones": "共同のマイルストーン",
    "Practices taken up": "導入した事例",
    "Their work together": "両都市の取組",
    "All EU–Japan pairs": "日EUの全組み合わせ",
    "Who has worked with whom: the EU–Japan pairs": "どの都市がどの都市と連携しているか：日EUの組み合わせ",
    "Cities it has met": "会議を共にした都市",
    "All %(counter)s meeting held": "開催済みの会議（全%(counter)s件）",
    "No meeting has been held yet.": "開催済みの会議はまだありません。",
    "Milestones it owns": "担当するマイルストーン",
    "It owns no milestone of the action plan.": "担当する行動計画のマイルストーンはありません。",
    "Practices it leads": "主担当の事例",
    "No published practice yet.": "公開された事例はまだありません。",
    "Practices it implements with the lead city": "主担当都市とともに実施している事例",
    "Practices it has taken up": "導入した事例",
    # The map
    "Map": "地図",
    "The partners on the map": "地図で見るパートナー",
    "Map of the partner cities and the coordinating bodies": "パートナー都市と調整機関の地図",
    "partner city": "パートナー都市",
    "a European and a Japanese city that have held meetings together (stronger: more meetings)": (
        "会議を共に開催した欧州と日本の都市（線が濃いほど会議が多い）"
    ),
    "Map data: Natural Earth.": "地図データ：Natural Earth",
    "The map as a list: who has met whom": "地図の内容を一覧で表示：会議を共にした相手",
    "list separator\x04, ": "、",
    "%(counter)s meeting": "会議%(counter)s件",
    "no meeting held yet": "開催済みの会議なし",
    # Home
    "The programme in numbers": "数字で見るプログラム",
    "partner cities": "パートナー都市",
    "best practices published": "公開された事例",
    "meetings held": "開催済みの会議",
    "milestones done": "完了したマイルストーン",
    # Figures
    "The programme in figures": "図表で見るプログラム",
    "How the action plan, the meetings and the best practices have grown. Each chart has its numbers as a table and as CSV.": (
        "行動計画、会議、事例の推移です。"
        "各グラフの数値は、表とCSVでもご確認いただけます。"
    ),
    "Milestones by state at the end of each quarter": "四半期末時点のマイルストーンの状況",
    "milestone state\x04Not started": "未着手",
    "milestone state\x04Under way": "実施中",
    "milestone state\x04Overdue": "期限超過",
    "milestone state\x04Done": "完了",
    "milestone state\x04Cancelled": "中止",
    "Share of the milestones completed in each quarter that were done on time": (
        "各四半期に完了したマイルストーンのうち期限内に完了した割合"
    ),
    "Done on time (%)": "期限内の完了（%）",
    "Completed": "完了件数",
    "On time": "期限内",
    "Meetings per month": "月別の会議件数",
    "Nothing to show yet.": "表示するデータはまだありません。",
    "The numbers as a table": "数値を表で表示",
    "Download “%(title)s” as CSV": "「%(title)s」をCSVでダウンロード",
    "Published best practices by theme and lead city": "テーマ別・主担当都市別の公開事例",
    "Download “Published best practices by theme and lead city” as CSV": (
        "「テーマ別・主担当都市別の公開事例」をCSVでダウンロード"
    ),
    "Total": "合計",
    # Coordinator's dashboard
    "Programme health": "プログラムの進捗状況",
    "done on time (%(n)s of %(total)s)": "期限内に完了（%(total)s件中%(n)s件）",
    "Milestones by workstream and status": "取組分野別・状態別のマイルストーン",
    "Overdue milestones by owner": "担当別の期限超過マイルストーン",
    "Overdue": "期限超過",
    "No milestone is overdue.": "期限超過のマイルストーンはありません。",
    "All milestones": "すべてのマイルストーン",
    "Review queue": "審査待ち",
    "revision": "改訂版",
    "waiting for %(counter)s day": "%(counter)s日間審査待ち",
    "Meetings in the next %(counter)s day": "今後%(counter)s日間の会議",
    "Held, without minutes": "開催済みで議事録未作成の会議",
    "Write the minutes": "議事録を作成する",
    "Every meeting held has its minutes.": "開催済みのすべての会議に議事録があります。",
    "E-mails that failed": "送信に失敗したメール",
    "%(counter)s e-mail could not be delivered.": "%(counter)s件のメールを配信できませんでした。",
    "See and retry them in the outbox": "送信トレイで確認し、再送する",
    "No e-mail has failed.": "送信に失敗したメールはありません。",
    "Invitations pending": "承諾待ちの招待",
    "%(counter)s invitation has not been accepted yet.": "%(counter)s件の招待がまだ承諾されていません。",
    "expires": "有効期限",
    "No invitation is pending.": "承諾待ちの招待はありません。",
    # Officer's dashboard
    "Your next meetings": "今後の会議",
    "Your answer for %(title)s": "「%(title)s」への出欠の回答",
    "No meeting in the next %(counter)s day.": "今後%(counter)s日間の会議はありません。",
    "Your city’s milestones": "所属都市のマイルストーン",
    "Due in the next %(counter)s day": "今後%(counter)s日以内が期限",
    "%(p)s %% done": "進捗%(p)s%%",
    "Progress (%%)": "進捗率（%%）",
    "Note and evidence": "メモと根拠資料",
    "The progress of %(code)s has been recorded.": "%(code)sの進捗を記録しました。",
    "The progress was not recorded. Please correct what is marked below.": (
        "進捗は記録されていません。下記の印のある項目を修正してください。"
    ),
    "Your practices": "所属都市の事例",
    "Sent back by a coordinator": "コーディネーターからの差し戻し",
    "drafts": "下書き",
    "waiting for review": "審査待ち",
    "published": "公開",
    "Unread notifications": "未読のお知らせ",
    "You have read everything.": "未読のお知らせはありません。",
    "All notifications": "すべてのお知らせ",
    "In your calendar": "カレンダーへの登録",
    "Your meetings (calendar feed)": "自分の会議（カレンダーフィード）",
    "The action plan’s due dates (calendar feed)": "行動計画の期限（カレンダーフィード）",
    "All public meetings (calendar feed)": "すべての公開会議（カレンダーフィード）",
    "Manage your calendar address": "カレンダーのアドレスを管理する",
    "Create your calendar address to subscribe to your meetings and due dates": (
        "カレンダーのアドレスを作成して、会議と期限をカレンダーに登録する"
    ),
}
