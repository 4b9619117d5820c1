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


# Django's and allauth's own strings, as we want them (see cooperation_portal/catalogue_overrides.py).
OVERRIDES = {
    ":": "：",
    "Sign Up Closed": "アカウント登録の停止",
    "We are sorry, but the sign up is currently closed.": "現在、アカウント登録は受け付けていません。",
    "If you have not created an account yet, then please %(link)ssign up%(end_link)s first.": "アカウントをお持ちでない場合は、先に%(link)sアカウント登録%(end_link)sをしてください。",
    "Forgot your password?": "パスワードをお忘れの場合",
    "Forgot Password?": "パスワードをお忘れの場合",
    "New Password (again)": "新しいパスワード（確認）",
    "Are you sure you want to sign out?": "ログアウトしますか？",
    "Forgotten your password? Enter your email address below, and we'll send you an email allowing you to reset it.": "パスワードをお忘れの場合は、メールアドレスを入力してください。パスワードを再設定するためのメールをお送りします。",
    "Change Password": "パスワードの変更",
    "Please reauthenticate to safeguard your account.": "アカウント保護のため、もう一度認証してください。",
    "Be patient, you are sending too many requests.": "リクエストが多すぎます。しばらく待ってから、もう一度お試しください。",
    "Your account is protected by two-factor authentication. Please enter an authenticator code:": "このアカウントは多要素認証で保護されています。認証コードを入力してください。",
    "Enter an authenticator code:": "認証アプリのコードを入力してください。",
    "Added on %(created_at)s": "登録日：%(created_at)s",
    "Last used %(last_used)s": "最終使用日：%(last_used)s",
    "Warning:": "注意：",
    "Messages:": "メッセージ：",
    "Menu:": "メニュー：",
    "You are about to create a passkey for your account. As you can add additional keys later on, you can use a descriptive name to tell the keys apart.": "アカウント用のパスキーを作成します。後からキーを追加することもできるため、区別しやすい名前を付けてください。",
    "Your email has been confirmed.": "メールアドレスを確認しました。",
    "Your email address is still pending verification.": "メールアドレスはまだ確認されていません。",
    "This mail can be safely ignored if you did not initiate this action.": "この操作に心当たりがない場合は、このメールを無視してください。",
    "You're receiving this email because you or someone else has requested a password reset for your user account.\nIt can be safely ignored if you did not request a password reset. Click the link below to reset your password.": "アカウントのパスワードの再設定が要求されたため、このメールをお送りしています。\n心当たりがない場合は、このメールを無視してください。パスワードを再設定するには、次のリンクを開いてください。",
    "You are receiving this email because you, or someone else, tried to access an account with email %(email)s. However, we do not have any record of such an account in our database.": "メールアドレス %(email)s のアカウントへのアクセスが試みられたため、このメールをお送りしています。ただし、このメールアドレスのアカウントは登録されていません。",
    "The following email addresses are associated with your account:": "次のメールアドレスがアカウントに登録されています。",
    "Enter Email Verification Code": "メールの確認コードを入力",
    "You are receiving this mail because the following change was made to your account:": "アカウントに次の変更が加えられたため、このメールをお送りしています。",
    "If you do not recognize this change then please take proper security precautions immediately. The change to your account originates from:\n\n- IP address: %(ip)s\n- Browser: %(user_agent)s\n- Date: %(timestamp)s": "この変更に心当たりがない場合は、直ちに適切なセキュリティ対策を講じてください。変更は次の環境から行われました。\n\n- IPアドレス：%(ip)s\n- ブラウザー：%(user_agent)s\n- 日時：%(timestamp)s",
    "Your email has been changed from %(from_email)s to %(to_email)s.": "メールアドレスを %(from_email)s から %(to_email)s に変更しました。",
    "Email address %(deleted_email)s has been removed from your account.": "メールアドレス %(deleted_email)s をアカウントから削除しました。",
    "Your sign-in code is listed below. Please enter it in your open browser window.": "ログインコードは次のとおりです。開いているブラウザーのウィンドウに入力してください。",
    "Your password reset code is listed below. Please enter it in your open browser window.": "パスワード再設定コードは次のとおりです。開いているブラウザーのウィンドウに入力してください。",
    "Your email verification code is listed below. Please enter it in your open browser window.": "メールの確認コードは次のとおりです。開いているブラウザーのウィンドウに入力してください。",
    "In case you forgot, your username is %(username)s.": "アカウントのユーザー名は %(username)s です。",
    "Hello from %(site_name)s!": "%(site_name)s からのお知らせです。",
    "Thank you for using %(site_name)s!\n%(site_domain)s": "%(site_name)s をご利用いただきありがとうございます。\n%(site_domain)s",
    "Your password can’t be too similar to your other personal information.": "ほかの個人情報と似たパスワードは使用できません。",
    "Your password can’t be a commonly used password.": "よく使われるパスワードは使用できません。",
    "Your password can’t be entirely numeric.": "数字だけのパスワードは使用できません。",
    "Your password must contain at least %(min_length)d character.": "パスワードは%(min_length)d文字以上にしてください。",
    "This password is too short. It must contain at least %d character.": "パスワードが短すぎます。%d文字以上にしてください。",
}
JA.update(OVERRIDES)

JA.update(
    {
        f"a note in parentheses after a word{C} (%(note)s)": "（%(note)s）",
        "%(first)s–%(last)s": "%(first)s〜%(last)s",
    }
)
