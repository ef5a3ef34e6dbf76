"""Words and patterns that mark an outage claim in chat, kept apart from the logic that weighs them.

The knowledge base supplies the services it has records for; this module adds well-known
services it has none for, so that "is github down?" is recognised as a claim (and answered
with "no record") rather than ignored.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Final

KNOWN_SERVICES: Final = frozenset(
    """
    discord github gitlab bitbucket reddit youtube netflix twitch steam xbox psn playstation
    nintendo fortnite roblox minecraft valorant battle.net blizzard spotify icloud itunes
    gmail outlook onedrive azure aws s3 ec2 cloudflare fastly akamai heroku vercel netlify
    digitalocean linode salesforce slack zoom webex whatsapp telegram messenger instagram
    facebook bluesky mastodon tiktok snapchat pinterest linkedin twitter x.com chatgpt openai
    anthropic midjourney paypal venmo stripe revolut monzo coinbase binance robinhood shopify
    squarespace wordpress tumblr dropbox notion atlassian jira confluence trello okta auth0
    datadog pagerduty npm pypi circleci crowdstrike interac mastercard amex zelle chase barclays hsbc
    natwest lloyds santander telstra telus nyse nasdaq google klarna woocommerce etsy ebay adyen diablo
    huggingface gemini copilot pix bizum upi movistar kakao kakaotalk kddi docomo ryanair easyjet lufthansa
    overwatch
    rogers optus verizon at&t t-mobile comcast xfinity
    starlink vodafone uber lyft doordash airbnb booking.com expedia ticketmaster
    southwest jetblue qantas klm emirates eurostar
    moodle mychart tesla sonos
    deliveroo glovo getir thuisbezorgd grubhub instacart swiggy zomato ubereats gojek waze citymapper
    dhl fedex usps postnl trenitalia sncf amtrak protonmail
    hulu crunchyroll vimeo soundcloud deezer imgur audible kindle
    bitwarden 1password lastpass dashlane rubygems crates.io packagist buildkite codecov snyk quay.io
    ghcr.io supabase firebase sourcehut codeberg
    shopee lazada tokopedia aliexpress temu shein zalando rakuten flipkart paytm phonepe gcash alipay
    afterpay sezzle clearpay n26 nubank bunq payoneer sumup skrill bca gopay ovo naver
    perplexity mistral groq wandb pinecone runpod openrouter elevenlabs deepl
    figma miro asana clickup airtable loom calendly
    battlenet warzone ubisoft eshop amadeus iberia vueling namecheap godaddy porkbun hostinger bluehost
    hetzner ovh ovhcloud
    twilio vonage sinch messagebird plivo jio airtel sfr bouygues telekom claro o2 tmobile
    nhs spid digid franceconnect mobywatel elster ameli aadhaar digilocker login.gov id.me gov.uk
    """.split()
) | frozenset(
    [
        "playstation network",
        "disney plus",
        "disney+",
        "hbo max",
        "prime video",
        "amazon prime",
        "youtube tv",
        "apple tv",
        "paramount plus",
        "peacock tv",
        "maven central",
        "github packages",
        "mongodb atlas",
        "terraform cloud",
        "fly.io",
        "mercado pago",
        "weights & biases",
        "stability ai",
        "bca mobile",
        "mercado libre",
        "wechat pay",
        "apple card",
        "starling bank",
        "philips hue",
        "canvas lms",
        "lime scooters",
        "uber eats",
        "proton mail",
        "icloud mail",
        "google maps",
        "apple maps",
        "royal mail",
        "deutsche bahn",
        "google home",
        "epic systems",
        "nintendo online",
        "epic games",
        "apex legends",
        "aer lingus",
        "wizz air",
        "turkish airlines",
        "qatar airways",
        "singapore airlines",
        "cathay pacific",
        "spirit airlines",
        "bt broadband",
        "sky broadband",
        "rainbow six",
        "r6 siege",
        "nintendo eshop",
        "call of duty",
        "league of legends",
        "apple music",
        "app store",
        "google drive",
        "google meet",
        "youtube music",
        "microsoft teams",
        "office 365",
        "microsoft 365",
        "oracle cloud",
        "ibm cloud",
        "cash app",
        "docker hub",
        "virgin media",
        "google cloud",
        "azure devops",
        "github actions",
        "xbox live",
        "amazon web services",
        "travis ci",
        "google search",
        "apple pay",
        "british airways",
        "american airlines",
        "united airlines",
        "delta air lines",
        "delta airlines",
        "southwest airlines",
        "alaska airlines",
        "air canada",
        "air france",
        "hugging face",
        "google pay",
        "diablo 4",
        "diablo iv",
        "bank of america",
        "wells fargo",
        "capital one",
        "claude ai",
        "google gemini",
        "london stock exchange",
        "stack overflow",
        "centurylink",
        "new york stock exchange",
        "tokyo stock exchange",
    ]
)

# Services whose names are everyday words ('move the cursor', 'the phone line', 'delta is
# down 3%'): a name only where an outage is said of it right there ('cursor is down again',
# 'is linear down?', 'visa outage'), and not after an article or a possessive (see detect).
CONTEXT_SERVICES: Final = frozenset(
    "cursor linear visa wise line delta united replicate ea target square box ring nest lime bolt"
    " orange ee vivo tim bell sprint spectrum bt".split()
)
# Every name of a service the name index knows without a record.
INDEXED_SERVICES: Final = KNOWN_SERVICES | CONTEXT_SERVICES

# What chat calls a service besides its name: a nickname counts as the name wherever the
# knowledge base or the list above knows that name.
NICKNAMES: Final = {
    "wasap": "whatsapp",
    "guasap": "whatsapp",
    "whatsap": "whatsapp",
    "watsapp": "whatsapp",
    "insta": "instagram",
    "snap": "snapchat",
    "bofa": "bank of america",
    "zuck": "facebook",  # 'zuck's apps
    "fb": "facebook",
    "yt": "youtube",
}

# Organisations and outlets that appear in outage reporting; a capitalised first word that is one
# of these is a name the checker must find in the sources.
KNOWN_ORGANISATIONS: Final = frozenset(
    """
    microsoft google amazon apple meta alphabet oracle ibm cisco akamai crowdstrike cloudflare
    fastly verizon comcast sony nintendo valve epic openai anthropic tesla spacex twitter
    facebook instagram whatsapp youtube netflix spotify slack zoom github gitlab atlassian
    reuters bloomberg cnn bbc ap afp techcrunch verge wired downdetector gartner mandiant
    kaspersky sophos okta salesforce shopify stripe paypal visa mastercard rogers optus at&t
    t-mobile vodafone heroku roblox discord reddit telegram signal microsoft's nsfocus
    """.split()
)

# Non-English phrases rewritten to the English the rules below understand.
PHRASES: Final = {
    "no funciona": "not working",
    "se cayo": "went down",
    "esta caido": "is down",
    "lag plat": "was down",
    "ligt plat": "is down",
    "ging plat": "went down",
    "gaat plat": "goes down",
    "werkt niet": "not working",
    "de hele dag": "all day",
    "een hele dag": "a whole day",
    "de hele nacht": "all night",
    "se fue la luz": "the power went out",
    "tsuushin shougai": "outage",  # Japanese, Korean and Hindi, as chat writes them in latin letters
    "an dwae": "not working",
    "an dwaeyo": "not working",
    "band tha": "was down",
    "band hai": "is down",
    "band hua": "went down",
    "band ho gaya": "went down",
    "band pada hai": "is down",
    "band padi hai": "is down",
    "down ba": "is down",  # Tagalog: 'down ba ang GCash?'
    "lagi down": "is down",  # Indonesian: 'BCA mobile lagi down ya?'
    "gak bisa": "can't",
    "nggak bisa": "can't",
    "ga bisa": "can't",
    "tidak bisa": "can't",
    "alle gleichzeitig": "too many people at once",
    "cobro dos veces": "charged twice",
    "se le cae": "goes down",
    "se cae": "goes down",
    "no puedo entrar": "can't log in",
    "ee. uu.": "us",
    "ee.uu.": "us",
    "cobraron dos veces": "charged twice",
    "daun shiteru": "is down",  # Japanese, in romaji
    "daun shita": "went down",
    "ga dame": "not working",
    "hakkingu sareta": "was hacked",
    "down hai": "is down",
    "down ho gaya": "went down",
    "nahi chal raha": "not working",
    "nahi chal rahi": "not working",
    "nahi ho raha": "not working",
    "kaam nahi kar raha": "not working",
    "en todo el mundo": "worldwide",
    "ont ete": "were",
    "a ete": "was",
    "est tombe": "is down",
    "est tombee": "is down",
    "a cause de": "because of",
    "parce que": "because",
    "parce qu'il": "because it",
    "trop de monde": "too many people",
    "trop de gens": "too many people",
    "demasiada gente": "too many people",
    "zu viele leute": "too many people",
    "a cause d'une": "because of a",
    "a cause d'un": "because of a",
    "mar rojo": "red sea",
    "mer rouge": "red sea",
    "mar vermelho": "red sea",
    "mar rosso": "red sea",
    "roten meer": "red sea",
    "rotes meer": "red sea",
    "em todo o mundo": "worldwide",
    "in tutto il mondo": "worldwide",
    "dans le monde entier": "worldwide",
    "auf der ganzen welt": "worldwide",
    "e andato offline": "went offline",
    "tot ziens": "goodbye",
    "tot straks": "see you",
    "tot morgen": "see you tomorrow",
    "ligt eruit": "is down",
    "lag eruit": "was down",
    "liggen eruit": "are down",
    "nie dziala": "not working",
    "ne rabotaet": "not working",
    "ne rabotayut": "not working",
    "nie moge": "can't",
    "laden nicht": "not loading",
    "laden gar nicht": "not loading",
    "ladt nicht": "not loading",
    "buttato giu": "took down",
    "non funziona": "not working",
    "non funzionano": "not working",
    "e giu": "is down",
    "e down": "is down",
    "e stato giu": "was down",
    "e stata giu": "was down",
    "e andato giu": "went down",
    "era giu": "was down",
    "sono giu": "are down",
    "due ore": "two hours",
    "due giorni": "two days",
    "e mezza": "and a half",
    "y media": "and a half",
    "et demie": "and a half",
    "e meia": "and a half",
    "hors service": "down",
    "hors ligne": "offline",
    "fuori servizio": "down",
    "fuera de servicio": "down",
    "fora de servico": "down",
    "ausser betrieb": "down",
    "e mezzo": "and a half",
    "funktioniert nicht": "not working",
    "geht nicht": "not working",
    "ging nicht": "not working",
    "gingen nicht": "not working",
    "ist down": "is down",
    "ist ausgefallen": "is down",
    "ne marche pas": "not working",
    "ne fonctionne pas": "not working",
    "ne marche plus": "not working",
    "ne fonctionne plus": "not working",
    "en panne": "is down",
    "nao funciona": "not working",
    "fora do ar": "is down",
    "saiu do ar": "went down",
    "ataque hacker": "cyberattack",
    "cyber attack": "cyberattack",
    "cyber-attack": "cyberattack",
    "denial of service": "ddos",
    "denial-of-service": "ddos",
    "de novo": "again",
    "otra vez": "again",
    "schon wieder": "again",
    "por causa": "because",
    "culpa de": "because of",
    "culpa da": "because of",
    "culpa do": "because of",
    "no me llegan": "not loading",
    "nao carrega": "not loading",
    "no carga": "not loading",
    "den ganzen tag": "all day",
    "rimasto giu": "was down",
    "rimasta giu": "was down",
    "rimasti giu": "were down",
    "qualche ora": "a few hours",
    "alcune ore": "a few hours",
    "unas horas": "a few hours",
    "algumas horas": "a few hours",
    "ein paar stunden": "a few hours",
    "quelques heures": "a few hours",
    "een paar uur": "a few hours",
    "meer dan": "more than",
    "mehr als": "more than",
    "mas de": "more than",
    "piu di": "more than",
    "mesh shaghal": "not working",
    "doppelt abgebucht": "double charged",
    "doppelt belastet": "double charged",
    "cobrado dos veces": "double charged",
    "cobrado duas vezes": "double charged",
    "no me deja": "won't let me",
    "nao me deixa": "won't let me",
    "msh shaghal": "not working",
    "todo el dia": "all day",
    "toute la journee": "all day",
    "o dia todo": "all day",
    "o dia inteiro": "all day",
}

# Outage talk in Japanese, Chinese and Korean, written without spaces between words, and in
# Cyrillic (its stems: 'упал' of 'упала', 'упали'): rewritten to English before a message is split
# into words ('PSNまた落ちてる？' is 'psn また is down ？'), as the words take only ASCII letters.
CJK_PHRASES: Final = {
    # Japanese
    "落ちてる": "is down",
    "落ちている": "is down",
    "落ちた": "went down",
    "ダウンしてる": "is down",
    "サーバーダウン": "servers down",
    "繋がらない": "not connecting",
    "つながらない": "not connecting",
    "ログインできない": "can't log in",
    "使えない": "not working",
    "通信障害": "outage",
    "障害": "outage",
    "不具合": "errors",
    "サイバー攻撃": "cyberattack",
    "ハッキング": "hacked",
    # Chinese
    "挂了": "is down",
    "崩了": "crashed",
    "宕机": "is down",
    "当机": "is down",
    "當機": "is down",
    "登不上": "can't log in",
    "打不开": "won't load",
    "打不開": "won't load",
    "用不了": "not working",
    "故障": "outage",
    "被黑": "hacked",
    "黑客": "hackers",
    "駭客": "hackers",
    "网络攻击": "cyberattack",
    "網路攻擊": "cyberattack",
    # Korean
    "먹통": "is down",
    "접속 안 돼": "can't connect",
    "접속 안돼": "can't connect",
    "접속이 안 돼": "can't connect",
    "서버 터짐": "servers down",
    "장애": "outage",
    "해킹": "hacked",
    "화재": "fire",
    "데이터센터": "data center",
    "때문": "because of",
    "백업": "backup",
    "대화": "chats",
    "날아갔": "lost",
    "공격": "attack",
    "터졌": "crashed",
    "카카오톡": "kakaotalk",
    "카카오": "kakao",
    "네이버": "naver",
    # Russian
    "упал": "went down",
    "лежит": "is down",
    "лежат": "are down",
    "не работает": "not working",
    "не работают": "not working",
    "не работа": "not working",
    "сломал": "broke",
    "взлом": "hacked",
    "хакер": "hackers",
    "ддос": "ddos",
    "атак": "attack",
    "опять": "again",
    "только": "only",
    "сбой": "outage",
    "디도스": "ddos",
}

# Dutch splits its verbs around the rest of what it says: 'Outlook lag in juli bijna een hele dag
# plat', 'Outlook ligt er al de hele nacht uit'. Rewritten as the verb in English, then the rest.
DUTCH_SPLIT: Final = re.compile(
    r"\b(?P<verb>ligt|lag|liggen|lagen)(?P<middle>(?: [\w']+){1,7}?) (?:plat|uit)\b"
    r"|\b(?P<goes>gaat|ging|gingen)(?P<rest>(?: [\w']+){1,7}?) plat\b"
)
DUTCH_SPLIT_WORDS: Final = frozenset({"plat", "uit"})
DUTCH_DOWN: Final = {
    "ligt": "is down",
    "lag": "was down",
    "liggen": "are down",
    "lagen": "were down",
    "gaat": "goes down",
    "ging": "went down",
    "gingen": "went down",
}


def dutch_unsplit(match: re.Match[str]) -> str:
    verb = match["verb"] or match["goes"]
    return f"{DUTCH_DOWN[verb]}{match['middle'] or match['rest']}"


NOT_OUTAGE_DOWN: Final = re.compile(
    r"\bdown (?:to|bad|horrendous|under|"
    r"the (?:road|street|hall|stairs)|here|there|with|"
    r"for (?:it|that|this|some|the ride|an? (?:\w+ )?(?:game|match|round|run|walk|drink|beer|coffee|bite|"
    r"pint|session|chat|call|raid)))\b"  # not 'down for a whole day'
    r"|\b(?:let|letting|lets) (?:me|us|you|him|her|them|everyone) down\b"
    r"|\b(?:slow|calm|sit|settle|cool|narrow|write|wrote|put|back|turn|turned|shut up|lie|lay|upside|"
    r"hunker|knuckle|tone|water|wind|trickle|boil|break|track|hand|step|stepping|stepped|scroll|"
    r"look|looking|burn|burned|tear|tore|pin|pinned|weigh|weighed|mow|mowed|chow|wolf|gulp|"
    r"count|die|died|simmer|hose|wash|washed|knock|knocked|gun|gunned|shot)"
    r"(?: \w+)? down\b"
    r"|\b(?:we|they|you|u|i) (?:went|were|are|was|got) down \d+ ?[-–] ?\d+\b"  # a score: 'we went down 0-5'
    r"|\bdown (?:like |about |around |by |almost |nearly |over )?\d+(?:\.\d+)? ?"
    r"(?:%|percent|points?|pts|kg|lbs?|pounds)"  # the heating bill went down like 20%
    r"|\bcrash(?:ed|es|ing)? (?:my|his|her|their|our|the|a|into a|into the) (?:\w+ )?"
    r"(?:car|bike|truck|van|drone|scooter)s?\b"  # crashed my car
    r"|\b(?:died|dying|dead) (?:laughing|of laughter|inside)\b|\bgo(?:ing)? down (?:to|there)\b"
    r"|\bdead to (?:me|us|him|her|them)\b"
    r"|\b(?:chat|traffic|sales?|deals?|hype|vibes?|scene) (?:is |was |'s )?(?:so |pretty |kinda |super )?"
    r"dead\b"  # 'the 11.11 sale is dead this year': nothing worth buying
    r"|\bgo(?:ing)? down on (?:me|him|her|them|you|us|each)\b"
    r"|\bdown payment\b|\bdown\s?vote"
    r"|\bdown (?:a|the|this|that|another) (?:\w+ ){0,2}rabbit ?holes?\b|\bdown memory lane\b"
    r"|\bdead (?:wrong|serious|tired|set|last|ass|silent|quiet|even|late|cold|centre|center)\b"
    r"|\bdead on(?= *(?:$|[.,!?]|arrival|target|accurate|the money|point))"  # 'dead on black friday' is down
    r"|\bnot because (?:\w+ ){0,3}(?:is|was|are|were) (?:down|dead|offline)\b"
    r"|\bdown (?:arrow|key)s?\b|\bdown for (?:anything|whatever)\b"
    r"|\b(?:key|keys|button|buttons|shortcut|shortcuts|keybind|keybinds|arrow) "
    r"(?:doesn'?t|don'?t|isn'?t|won'?t|does not|is not) (?:\w+ )?work(?:ing)?\b"  # a key, not a service
    r"|\b(?:i'?m|im|i am|we'?re|you'?re|so|too|flat|dead) broke\b"  # out of money
    # 'we're down for it', not 'were down for hours'
    r"|\b(?:who'?s|whos|who is|anyone|any1|you|u|ya|i'?m|im|we're|we are|are you|r u) down (?:for|to)\b"
    r"|^down (?:for|to)\b"  # an invitation: 'down for valorant in 10?'
)

OUTAGE_PATTERNS: Final = [
    r"\boutages?\b",
    r"\bdown\s*(?:again|rn|now|today|too|also|as well|"
    r"for (?:everyone|anyone|me|my|you|all|us|hours|days|\d)|[?!]|[.,;=](?!\d)|$)",
    r"\b(?:is|are|was|were|went|goes|go|going|been|be|being|gone|all|still|totally|completely|fully|both)"
    r"\s+down\b",
    r"\w's\s+down\b|\bdown (?:because|cuz|coz|cos|bc|due to|thanks to)\b",  # "tempo's down because ..."
    r"\bdown (?:at once|globally|worldwide|everywhere|or|during|since)\b",  # 'coinbase down during the pump'
    r"\b(?:is|was|are|were|isn'?t|wasn'?t)\s+[\w.\-]+(?:\s+[\w.\-]+)?\s+down\b",
    r"\bcrash(?:ed|es|ing)?\b",
    r"\boffline\b",
    r"\bnot (?:loading|working|responding|resolving|connecting|sending|delivering|receiving|syncing|"
    r"saving|going through)\b",
    r"\blost (?:service|access|signal|connection|connectivity|power|internet|[45]g|coverage|network)\b",
    # 'lost 6 hours of data'
    r"\blost (?:everything|(?:[\w']+ ){0,4}(?:data|repos|repositories|files|backups))\b",
    r"\b(?:deleted|wiped|nuked|dropped) (?:their |its |the |a )?(?:\w+ )?(?:database|db|data)\b",
    r"\bfell (?:over|apart|flat)\b",
    r"\b(?:finally )?(?:works|working) again\b|\bback online\b|\bback to normal\b",
    r"\bcancell?ed (?:all (?:\w+ )?flights|everything)\b",
    r"\b(?:is|was|are|were|been) out (?:for )?"
    r"(?:\d|an?\b|about|around|like|over|almost|nearly|several|hours|days)",  # 'was out 14 hours'
    r"\bgone for\b",
    r"\b(?:literally|completely|totally|just|is|are) gone (?:in|from|for|rn|now|again|everywhere)\b",
    r"\b(?:should|will|to) (?:come|be) back\b|\bcame back (?:up|online)\b|\bback (?:up )?yet\b"
    # 'tillpoint is back up btw' (not 'my minecraft server is back up': someone's own)
    r"|(?<!server )(?<!servers )\b(?:is|are) back up\b|(?<!server)'s back up\b",
    r"\bbuffering (?:for|again|nonstop|constantly|rn|non-stop)\b",
    r"\b(?:keeps?|kept|is|are|was|still) buffering\b",
    r"\bservers? (?:are |is |were |was |must be |seem |look )?(?:cooked|toast|fried)\b",
    # 'killed half the internet', 'the whole network is gone'
    r"\b(?:killed|took out|broke|nuked) (?:half|most|all|a (?:big |huge )?chunk)(?: of)? the internet\b",
    r"\b(?:network|internet|service|site|servers?) (?:is |are |was |were )?(?:completely |totally |just )?"
    r"gone\b",
    r"\b(?:is|was|are|were) out (?:across|everywhere|again|rn|right now|for everyone)\b",
    r"\b(?:cancell?ed|grounded|halted|stopped) (?:[\w%]+ ){0,5}"
    r"(?:flights?|planes?|departures|airlines?|fleets?)\b",
    r"\b(?:flights?|planes?|departures) (?:\w+ ){0,3}(?:cancell?ed|grounded|halted)\b",
    r"\b(?:won'?t|wont|can'?t|cant|cannot|couldn'?t) (?:even |really |just )?"
    r"(?:load|connect|log ?in|sign ?in|access|reach|open|stream|join|call|pay|text|withdraw|get paid)\b",
    r"\b(?:isn'?t|isnt|aren'?t|arent|wasn'?t|wasnt|weren'?t) (?:\w+ )?"
    r"(?:loading|working|responding|connecting|sending|syncing)\b",  # 'isn't working at all'
    r"\blocked out\b",
    # charged twice: 'charged me twice for the same coffee', 'double charged a bunch of people'
    r"\b(?:charged|billed|debited) (?:\w+ ){0,2}?(?:twice|double|two times)\b"
    r"|\bdouble[- ]?(?:charg|bill)\w*",
    # a status page that says so, a balance shown as nothing
    r"\bstatus(?: page)? (?:\w+ )?(?:says|shows|is|at) (?:\w+ )?"
    r"(?:investigating|degraded|partial outage|major outage)\b",
    r"\b(?:balances?|points|rewards|coins|funds|money|accounts?) (?:\w+ )?"
    r"(?:shows?|showing|are|is|at|went to|reset to) (?:zero|empty)\b",
    r"\b(?:getting|got|throwing|seeing|constant|random|lots of|tons of|all) (?:\w+ )?time-?outs?\b",
    # 'kicked everyone out mid game' (not 'kicked me out of the party')
    r"\bkick(?:ed|ing|s)? (?:everyone|everybody|us|all of us|people|players|users|viewers) (?:out|off)\b",
    # what a service lost: 'tempo wiped my playlists', 'all my photos are gone'
    r"\b(?<!\bi )(?<!\bwe )(?:wiped|deleted|erased|nuked) (?:all (?:of )?)?"
    r"(?:my|our|everyone'?s|people'?s|users'?|the) "
    r"(?:\w+ )?(?:playlists?|librar(?:y|ies)|files|photos|chats|history|saves|uploads|videos|posts)\b",
    r"\b(?:playlists?|librar(?:y|ies)|files|photos|chats|history|saves|uploads|videos|posts) "
    r"(?:are |is |were |was |all |just |got |have been |has been )*(?:gone|empty|missing|wiped|erased)\b",
    # an expired certificate or domain is the outage: 'they let their cert expire'
    r"\blet(?:ting)? (?:their|its|the) (?:\w+ )?(?:certs?|certificates?|domains?) (?:expire|lapse)\b"
    r"|\b(?:ssl|tls|https|their|its) (?:\w+ )?(?:certs?|certificates?|domains?) (?:\w+ )?(?:expired|lapsed)\b"
    r"|\bexpired (?:ssl |tls |https )?(?:certs?|certificates?)\b",
    r"\bstuck in (?:a |the )?(?:\w+ )?queues?\b|\bservers? (?:are |is |were |was )?full\b",
    r"\bstuck (?:at \d+ ?%|on (?:the )?loading\b|loading\b)|\brate[ -]limit(?:ed| exceeded)\b",
    r"\b(?:it|system|systems|network|computer|technical|power|software|trading|ipo|banking|cdn|dns|server) "
    r"(?:failures?|glitch(?:es)?)\b",  # 'BA IT failure', 'the facebook ipo glitch'
    r"\bacting up\b|\bpacket loss\b|\bhaving a moment\b",
    r"\bblocked (?:all|most) (?:traffic|requests|connections|users|logins)\b",
    r"\b(?:cards?|payments?|transactions?) (?:are |is |were |was |keep |keeps )?"
    r"(?:declin(?:ed|ing)|getting declined|being declined)\b",
    # Another user's data shown (Steam at Christmas 2015, ChatGPT's chat titles in 2023)
    r"\b(?:showing|shows|showed|seeing) (?:me |us )?(?:someone|somebody|other (?:people|users|ppl))"
    r"(?: else)?(?:'s|s'|s)? "
    r"(?:account|page|profile|data|info|details|chats?|history|orders?|messages|emails)\b",
    r"\b(?:doesn'?t|doesnt|don'?t|dont) (?:even |really )?"
    r"(?:resolve|load|work|open|connect)\b",
    r"\bthrowing (?:unicorns|errors|5\d\d|5xx)",  # GitHub's error page has a unicorn
    # 'been throwing 401s all morning', 'returning 429s to everyone'
    r"\b(?:throwing|returning|giving|spitting out) (?:\w+ )?[45]\d\d'?s\b",
    r"\b(?:is|are|currently|completely|totally) overloaded\b",
    r"\b(?:haven'?t|hasn'?t|didn'?t) (?:\w+ )?(?:loaded|worked|responded|synced)\b",
    r"\bmelting (?:down|again|everything)\b",
    r"\bservers? (?:\w+ )?(?:just |all )?melted\b|\bstuck (?:on |at )?(?:reconnecting|connecting)\b",
    r"\b5\d\d'?s?\b(?: errors?)?",
    r"\bthrew 5\d\d",
    r"\bmeltdown\b",
    r"\bunreachable\b|\bcollapsed\b",
    r"\b(?:systems?|servers?|network|apps?|site|website|api) (?:are |is |were |was |went |goes )?"
    r"(?:down|offline)\b",
    r"\b(?:logins?|log-?ins?|sign-?ins?|checkouts?|payments?) (?:is |are |were |was |get |got |keeps? )?"
    r"(?:blocked|failing|disabled|rejected)\b",
    r"\b(?:cables?|fib(?:er|re)s?|lines?) (?:were |was |got |have been |has been |been )?"
    r"(?:cut|severed|sabotaged)\b"
    r"|\b(?:fib(?:er|re)|cable) cuts?\b",
    r"\b(?:won'?t|wont|can'?t|cant|doesn'?t|does not|will not) let (?:me|us|anyone|anybody|people|you|them) "
    r"(?:log ?in|sign ?in|check ?in|connect|join|in|book|pay|order|submit|upload|check ?out)\b",
    r"\bstopped (?:working|responding|loading)\b",
    r"\banyone (?:else |here )?(?:affected|impacted)\b",
    # 'pushed a bad map update', 'scooters shutting off mid ride', 'the voltz lockout'
    r"\bpushed (?:out )?(?:a |an )?(?:bad|broken|faulty|buggy|botched|busted) (?:\w+ )?"
    r"(?:update|patch|release|config|firmware|deploy|deployment|build|change)\b",
    # 'teams calls dropping everywhere'
    r"\b(?:calls?|meetings?|connections?|streams?) (?:keep |keeps |are |were |kept |just )?"
    r"(?:dropping|dropped)\b",
    r"\bshutting off\b|\bcut(?:s|ting)? out mid\b|\blockouts?\b",
    # 'did tidewell lose all the mail', 'not getting any emails', 'bouncing everything'
    r"\b(?:lost|lose|losing|loses) (?:all |every |the |our |my |their |any )*(?:\w+ )?"
    r"(?:mail|emails|messages)\b",
    r"\bnot (?:getting|receiving) (?:any )?(?:\w+ )?(?:emails?|mail|messages|notifications|texts|codes)\b"
    r"(?! from (?:my|her|his|their|our)\b)",
    r"\bbounc(?:ing|ed|es) (?:all |every |my |our |back )?(?:\w+ )?(?:mail|emails?|messages|everything)\b",
    r"\b(?:is|are|was|were|been|got|totally|completely) cooked\b",
    r"\bnuked (?:the |a |their |its )?(?:whole |entire )?(?:\w+ )?"
    r"(?:cdn|network|site|service|servers?|internet|platform|core)\b",
    r"\b(?:blue ?screen(?:ed|s|ing)?|bsod(?:ed|ded|s|'?d)?|boot ?loop(?:ed|ing|s)?)\b",
    r"\bblackout\b",
    r"\bdisrupt(?:ed|ion|ions)?\b",
    r"\bbroke (?:the internet|everything|half)\b",
    r"\bbroke(?= *(?:$|[.,;!?])| +(?:again|today|yesterday|this|last|for|rn|lol|wtf)\b)",
    r"\b(?:went|gone|goes|going|go) dark\b(?! mode| theme)|\b(?:went|gone|goes|going) black\b(?! friday)",
    r"\b(?:took|take|takes|taking) (?:\w+ ){0,3}?(?:down|out|offline)\b",  # 'took discord out'
    r"\bknocked (?:\w+ ){0,3}?(?:offline|out)\b",
    r"\bbricked\b",
    r"\bborked\b",
    r"\btim(?:ing|ed|es) out\b",
    r"\b(?:died|dead|dying)\b",
    r"\bdelayed\b",
    r"\bstarted \d+ ?min\w* late\b",
    r"\b(?:hit|affected|impacted) by\b",
    r"\bsomething went wrong\b",
    r"\bon fire\b",
    r"\bdegraded\b",
    r"\bunavailable\b",
    r"\bnot available\b",
    r"\bis it (?:just )?me\b",
    r"\bno (?:signal|service|internet|connection)\b",
    r"\b5\d\d(?:ing|ed)\b",
    r"\b(?:problems|issues|trouble) (?:with|on|at)\b",
    r"\b(?:having|has) (?:problems|issues|trouble)\b",
    r"\bdown\b(?= for)",
    r"\bfail(?:ed|ing|s)\b",
    r"\b(?:calls?|payments?|transactions?|cards?|logins?) (?:just |all |keep |keeps )?fail\b",
    r"\btrading (?:halt|halted|stopped|suspended)\b|\bhalted (?:all )?trading\b|\bthe (?:trading )?halt\b",
    # 'KRX pauses BTC + ETH withdrawals', 'withdrawals stuck for 3 hrs', 'meridian halted??'
    r"\b(?:halt(?:ed|s|ing)?|paus(?:ed|es|ing)|suspend(?:ed|s|ing)?|freez(?:es|ing)|froze|frozen)"
    r" (?:[\w+&/]+ ){0,3}?(?:withdrawals?|deposits?|trading|transfers?|block production|transactions?)\b",
    # not 'stopped using paypal for transactions': at most one word between
    r"\b(?:stop(?:ped|s|ping)|disabl(?:ed|es|ing)|(?:turned|switched|shut) off) (?:all |the |their |its )?"
    r"(?:\w+ )?(?:withdrawals?|deposits?|trading|transfers?|block production)\b",
    r"\b(?:withdrawals?|deposits?|transfers?|transactions?|block production) (?:are |is |were |was |got |"
    r"been |have been |has been |still |all )*(?:halted|paused|suspended|frozen|stuck|disabled|stopped)\b",
    r"\bhalted(?= *(?:[?!.]|$))|\b(?:is|was|are|were|been|got|completely|fully) halted\b",
    r"\b(?:is|was|are|were|been|got|completely|totally|fully|still|just) frozen\b"
    r"|\bfrozen (?:for|since|again|rn|solid)\b|\bfroze (?:up|solid|again)\b",
    r"\bbroken\b",
    r"\berrors?\b",
]
OUTAGE: Final = re.compile("|".join(OUTAGE_PATTERNS))
EVENT_REFERENCE: Final = re.compile(  # an incident, but not a post-incident review
    r"\b(?:thing|(?<!post-)(?<!post )incident|fiasco|mess|disaster|debacle|collapse)\b"
)

# Causes of more than one word that a service may share a word with ('solar flare', 'dark storm').
NAMED_CAUSES: Final = (
    r"north korea\w*|state[- ]sponsored|nation[- ]state|dark storm|anonymous sudan|solar flares?"
    r"|(?:solar|geomagnetic) storms?"
)
NAMED_CAUSE: Final = re.compile(rf"\b(?:{NAMED_CAUSES})\b")
STRONG_CAUSE: Final = re.compile(
    r"\b(?:hack(?:ed|ers?|ing|s)?|pwn(?:ed|d)|cyberattack\w*|ddos\w*|dos attack|attack(?:ed|s)?|"
    r"breach(?:ed)?|ransomware[ds]?|malware|credential[- ]stuff\w*|brute[- ]forc\w*|"
    r"botnet|sabotage\w*|russia\w*|china|chinese|iran\w*|"
    rf"ukrain\w*|terrorists?|{NAMED_CAUSES}|"
    r"(?:data|details|card numbers|credit cards?|passwords|accounts|emails|info) "
    r"(?:(?:were|was|weren'?t|wasn'?t|got|been|being|are|is) )?(?:stolen|leaked|exposed)"
    r"|(?:leaked|exposed|stole|leaks? (?:had|included|contained)) (?:[\w']+ ){0,2}"
    r"(?:data|card numbers|passwords|emails|payment info|chats?|chat titles|conversations|chat history"
    r"|personal (?:data|info|information)))\b"
)
WEAK_CAUSE: Final = re.compile(
    r"\b(?:bgp|dns|config(?:uration)?(?: change)?|null pointer|bug|telemetry|maintenance|"
    r"update|deploy(?:ment)?|migration|certificate|power|(?<!on )fire|cable|fiber|customer|database|"
    r"cache|overload\w*|misconfigur\w*|launch|typo|regex|race condition|human error|deleted|deletion|"
    r"(?:network|routing|code) change|roll(?:ed)? ?back|rollback)\b"
)

CAUSAL: Final = re.compile(
    r"\b(?:caused by|because|cause[ds]?|due to|cuz|cos|coz|bc|blame[ds]?|fault|behind|"
    r"responsib\w+|took credit|was (?:a|an|the|just)|it'?s (?:a|an|the|just)|did it|thanks to|"
    r"from|by)\b|="
)
CLAIMISH: Final = re.compile(
    r"\b(?:true|really|confirm\w*|said|says|claim\w*|reported|breaking|apparently|heard|"
    r"lasted|for (?:like |about |over )?\d+|all day|whole day|nonstop|only|also|million|"
    r"percent|%|hours?|minutes?|days?)\b"
)

CHATTER: Final = re.compile(
    r"\b(?:how (?:do|can|to)|set(?:ting)? up|any (?:tips|fix|fixes|ideas)|tutorial|question:|"
    r"recs|recommendations|(?:a|the|this|that) (?:\w+ )?doc about|free tier|pricing|nerf|buffed|yaml|"
    r"stock(?! exchange)|shares|(?:stock|crypto|housing|job) markets?|"
    r"markets? (?:is|are|was|were) (?:up|down)|portfolio|"
    r"price[sd]?|(?<!mid-)(?<!mid )(?:movie|film|episode|season)|tv show|netflix show|"
    r"anime|manga|"  # not 'mid-episode'
    r"podcasts?|documentar(?:y|ies)|docuseries|rabbit ?holes?|marketplace|jokes?|wrote my|"
    r"memes?(?! (?:l'|la |le |les |si |pas |chose))|"  # French 'même l'API' is no meme
    r"cover letter|"
    r"book club|(?:great|good|fun|interesting) read|will believe anything|"
    r"asked (?:\w+ ){0,2}to explain|explain (?:what|how)|for my (?:\w+ )?(?:class|course|homework|essay)|"
    r"(?:someone|somebody|people|ppl|my (?:dad|mom|mum|uncle|aunt|grandma|grandpa|boss)) "
    r"(?:(?:in|on) [#\w]+ )?(?:thinks?|is saying|are saying|believes?|swears?)|"
    r"homework|"
    r"annoying to configure|"
    r"imagine if|what if|what (?:would|will) happen|what happens (?:if|when)|if (?:\w+ ){1,3}ever|"
    r"(?:would|will) (?:\w+ ){1,3}still work|"
    r"(?:planned|scheduled) (?:maintenance|downtime|outage)|"
    r"(?:postmortem|post-mortem|incident|outage) (?:templates?|checklists?|drills?)|"
    # 'writing an internal talk on the crowdstrike incident, anyone have good sources?'
    r"(?:talk|presentation|slides|lecture|essay|thesis|case study|write-?up) (?:on|about)|"
    r"(?:good|any|reliable|credible) sources)\b"
)
# Announcements of planned work: 'our server will be down 20 min for an update', 'Azure posted a
# maintenance window for sunday, nothing will go down'. Not a claim about an outage, whatever
# service or cause they name.
PLANNED: Final = re.compile(
    r"\b(?:will (?:be|go) (?:down|offline|unavailable)|(?:won'?t|will not) go down|maintenance window|"
    r"down for (?:maintenance|an? (?:update|upgrade|patch|restart))|heads up|"
    r"(?:scheduled|planned) (?:maintenance|downtime)|(?:we'?re|we are|will be) upgrading|"
    r"expect (?:it|them|some|the \w+) (?:to be )?(?:offline|down|unavailable)|"
    r"(?:go|goes|going|to go) (?:down|offline) (?:at|from|on|tomorrow|tonight) (?:[\w:]+ ){0,4}?"
    r"(?:for|during) (?:the |a |an )?(?:patch|update|upgrade|maintenance|restart))\b"
)
# Someone's own account, not a service's outage: 'bro got hacked in fortnite, lost all his skins'.
PERSONAL: Final = re.compile(
    r"\b(?:my|his|her|their|your|our|bro'?s?|someone'?s|an?) (?:\w+ )?"
    r"(?:account|acc|profile|skins?|passwords?|streak|save file|progress|card)\b"
    r"|\b(?:i|he|she|bro|they|we|you) (?:\w+ )?got (?:hacked|pwned|scammed|ddosed|ddos'd|booted) "
    r"(?:in|on|by)\b"
    r"|\b(?:reinstall|rejoin|relaunch)(?:ing|ed|s)?\b"
    r"|\b(?:my|his|her|their|your|our) (?:\w+'?s )?\w+ got (?:hacked|pwned|scammed)\b"  # 'my mom's facebook'
    r"|\blost (?:all )?(?:my|his|her|their|our) (?:\w+ )?(?:skins?|items|progress|account|save)\b"
)
SELF_HOSTED: Final = re.compile(
    r"\b(?:our|my|the(?! (?:\w+ )?internet\b)|his|her|your|mon|ma|mes|mi|mis|meu|minha|mein|meine|mio|mia) "
    r"(?:\w+'?s?[ \-]){0,2}(?:server|servers|homelab|router|pc|"
    r"computer|laptop|phone|internet|wifi connection|build|deploy|tests?|pipeline|bots?|vps|"
    r"instance|cluster|vm|games?|realms?|worlds?|firewall|vpn|proxy|store|shop|storefront|website|site|blog|"
    r"checkout|"
    r"workflows?|lint|ci|code|controller|console|headset|mic|keyboard|mouse|monitor|tv|localhost|wifi|mac|macbook|iphone|ipad)\b"
    r"(?! (?:is|was) (?:fine|up))"
    r"|\b(?:corporate|company|work|office|school|uni|campus) (?:firewall|vpn|proxy|network|wifi)\b"
    r"|\b(?:our|my) (?:\w+ )?(?:outage|incident|downtime|post-?mortem)\b"  # 'postmortem doc for our outage'
    r"|\bself-?hosted\b"
)

RELATIVE_TIME: Final = re.compile(
    r"\b(?:yesterday|today|tonight|this (?:morning|afternoon|evening|week)|last (?:night|week)|"
    r"right now|rn|again|currently|atm|just now|earlier)\b"
)


# --- cues: words without which a pattern cannot match ----------------------------------------


@dataclass(frozen=True)
class Cue:
    """A pattern with the words one of which every match of it contains whole (as
    `text.word_runs` splits text), and `stems` for what a word list cannot hold (`\\w*` endings,
    words glued together, numbers). Text with neither skips the regex: a set check instead of a
    scan. tests/test_screening_prefilter.py checks each cue against its pattern, so a pattern
    given a new word without its cue fails there rather than going quietly unmatched."""

    pattern: re.Pattern[str]
    words: frozenset[str]
    stems: re.Pattern[str] | None = None

    def possible(self, text: str, runs: Collection[str]) -> bool:
        """Whether the pattern can match `text`, whose `word_runs` are `runs`."""
        if not self.words.isdisjoint(runs):
            return True
        return self.stems is not None and self.stems.search(text) is not None

    def search(self, text: str, runs: Collection[str]) -> bool:
        """Whether the pattern matches (`possible`, written out: this runs on every message)."""
        if self.words.isdisjoint(runs) and (self.stems is None or self.stems.search(text) is None):
            return False
        return self.pattern.search(text) is not None

    def findall(self, text: str, runs: Collection[str]) -> tuple[str, ...]:
        """Every match, as `finditer` gives them."""
        if self.words.isdisjoint(runs) and (self.stems is None or self.stems.search(text) is None):
            return ()
        if self.pattern.groups:
            return tuple(m.group(0) for m in self.pattern.finditer(text))
        return tuple(self.pattern.findall(text))  # without groups, the whole matches


def _cue(pattern: re.Pattern[str], words: str, stems: str | None = None) -> Cue:
    return Cue(pattern, frozenset(words.split()), re.compile(stems) if stems else None)


OUTAGE_CUE: Final = _cue(
    OUTAGE,
    """
    outage outages down crash crashed crashes crashing offline loading working responding
    resolving connecting load connect log login sign signin access reach open stream meltdown
    blackout disrupt disrupted disruption disruptions broke took take takes taking knocked dark out
    bricked borked timing timed times died dead dying delayed late hit affected impacted wrong
    fire degraded unavailable
    available me signal service internet connection problems issues trouble failed failing fails broken
    sending delivering receiving syncing going lost gone flights flight planes plane departures
    error errors locked throwing melting fell works data everything 4g 5g coverage network online
    stuck full failure failures doesn doesnt dont don
    blue bluescreen bluescreened bluescreens bluescreening bsod bsoded bsodded bsods bsodd
    boot bootloop bootlooped bootlooping bootloops
    back buffering cooked toast fried join call pay text withdraw calls payments payment transactions
    unreachable collapsed cut cuts severed sabotaged let blocked rejected disabled
    transaction cards card logins fail trading halt halted normal cancelled canceled
    both during since paid failure failures glitch glitches acting loss blocked deleted wiped nuked dropped
    declined declining showing shows showed seeing stuck rate moment
    halts halting paused pauses pausing suspend suspended suspends suspending freezes freezing froze
    frozen stopped stops stopping disabled disables disabling turned switched shut
    pushed shutting lockout lockouts lose losing loses emails email mail notifications texts codes
    bouncing bounced bounces cooked messages
    kick kicked kicking kicks erased empty missing playlist playlists library libraries files photos
    chats history saves uploads videos posts expire expired lapse lapsed timeouts timeout outs black
    airline airlines fleet fleets charged billed debited double investigating zero
    overloaded loaded worked responded synced status returning giving spitting
    saving dropping dropped meeting meetings connections streams melted reconnecting connecting
    killed core geomagnetic across
    """,
    r"down(?:again|rn|now|today|for|too|also|as)|5\d\d|double(?:charg|bill)",  # "downrn", 503, "doublebilled"
)
STRONG_CAUSE_CUE: Final = _cue(
    STRONG_CAUSE,
    """
    hack hacked hacker hackers hacking hacks pwned pwnd attack attacked attacks breach breached ransomware
    ransomwared ransomwares credential brute storms geomagnetic flare flares
    malware botnet china chinese north sponsored nation terrorist terrorists storm sudan solar
    stolen leaked exposed stole leak leaks
    """,
    r"cyberattack|ddos|sabotage|russia|iran|ukrain",
)
WEAK_CAUSE_CUE: Final = _cue(
    WEAK_CAUSE,
    """
    bgp dns config configuration pointer bug telemetry maintenance update deploy deployment
    migration certificate power fire cable fiber customer database cache launch typo regex
    condition error deleted deletion change roll rolled rollback
    """,
    r"overload|misconfig|roll(?:ed)?back",
)
EVENT_CUE: Final = _cue(EVENT_REFERENCE, "thing incident fiasco mess disaster debacle collapse")


def any_of(*cues: Cue) -> Cue:
    """The cue of the alternation of the cues' patterns."""
    stems = [c.stems.pattern for c in cues if c.stems]
    return Cue(
        re.compile("|".join(c.pattern.pattern for c in cues)),
        frozenset().union(*[c.words for c in cues]),
        re.compile("|".join(stems)) if stems else None,
    )


# All four at once: the screen of a watched channel gives up on text none of them can match.
SIGNAL_CUE: Final = any_of(OUTAGE_CUE, STRONG_CAUSE_CUE, WEAK_CAUSE_CUE, EVENT_CUE)
# The writer says it works for them: an answer to 'is X down?', not a claim of an outage.
WORKS_FOR_ME: Final = re.compile(
    r"\b(?:works?|working|loads?|loading|runs?|running) (?:fine|ok|okay|normally|perfectly)\b"
    r"|\b(?:fine|up|works|working) (?:for me|here)\b"
)
RELATIVE_TIME_CUE: Final = _cue(
    RELATIVE_TIME,
    "yesterday today tonight morning afternoon evening week night now rn again currently atm earlier",
)
