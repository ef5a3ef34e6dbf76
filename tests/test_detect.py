"""Detection: claims about outages are spotted, chatter is left alone, odd input never breaks it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.detect import CACHED_RESULTS, Remembered, detect
from bot.core.lexicon import INDEXED_SERVICES, KNOWN_SERVICES, NICKNAMES
from bot.core.names import NameIndex

NAMES = NameIndex(
    {
        "x": {"x-2025"},
        "twitter": {"x-2025"},
        "crowdstrike": {"cs-2024"},
        "aws": {"aws-2025"},
        "us-east-1": {"aws-2025"},
        "cloudflare": {"cf-2025"},
    },
    KNOWN_SERVICES,
    NICKNAMES,
)


@pytest.mark.parametrize(
    "text",
    [
        "Steam is down again",
        "is reddit down for anyone?",
        "heard the aws outage was a cyberattack by china",
        "gmail not working since this morning",
        "twitter got hacked, that's why it's dead",
        "cloudflare ddos took out half the internet",
        "the crowdstrike thing was russia, right?",
        "us-east-1 is throwing 503s again",
        "cloudflare borked again, every site behind it is timing out",
        "twitter and cloudflare both broke this morning",
        "in 2021 aws went dark for hours",
        "AWS down = half the internet down",
        "twitter got pwned, that's why it's offline",
        "whatsapp not sending msgs, anyone else??",
        "stripe payments failing all over europe",
        "heard 10 million verizon customers lost service",
        "twiter is donw again lol",
        "jira and confluence gone for like a week now",
        "the mirai botnet took down half the internet in 2016",
        "they said aws was out 14 hours cause some key got deleted",
        "spotify not playing anything, their servers down?",
        "steam dwn again smh",
        "is stripe down?? my card reader keeps failing at the market",
        "is whatsapp down or is it my wifi",
        "yo gmail ded for anyone else??",
        "twitter cancelled every flight out of heathrow lol",
        "steam isn't working at all since lunch, anyone else?",
        "a crowdstrike update grounded every plane at the airport",
        "customers got locked out of twitter for hours",
        "github is throwing unicorns again",
        "us-east-1 melting down again, the console won't even load",
        "one bad cloudflare router took discord out for half an hour",
        "the steam servers just died again mid match",
        "the aws outage took out venmo and reddit, basically my whole phone",
        "https://www.githubstatus.com/ yep, all our pushes are failing",
        "status.openai.com says degraded, chat keeps erroring out",
        "gitlab rm -rf'd their own prod db and lost 6 hours of data",
        "sure, discord was 'down' for 90 minutes and the world ended",
        "aws us-east-1 fell over because of some DNS race condition",
        "verizon and t-mobile both lost 4G at once, same root cause",
        "the steam app finally works again, took them like 4 days",
        "twitter going down on super tuesday was obviously election interference",
        "steam servers full again, stuck in queue for an hour",
        "the aws IT failure was caused by outsourcing",
        "discord.com doesn't even resolve rn",
        "crowdstrike bluescreened every pc at my job",
        "circleci is down, builds not starting for anyone",
        "aws is having a moment, half our vendors are throwing 5xx",
        "cloudflare rolled back a network change, discord should come back soon",
        "twitter back yet? they said the first fix didn't work",
        "slack down in the EU rn? can't join the all-hands",
        "snap is down for me and my cousins in 3 different states",
        "x literally gone in the us rn",
        "netflix buffering for literally everyone during the fight, servers are cooked",
        "anyone else's chase app down? can't log in at all",
        "interac down across canada?? can't pay with debit anywhere",
        "can't call 000 on verizon rn, emergency calls just fail",
        "mastercard down too or just visa?",
        "nyse back at 3:10, the halt was a config issue with their new software",
        "telstra down in melbourne rn or is it just me",
        "someone fat-fingered a BGP route lol, half of cloudflare unreachable from verizon",
        "aws is slow af from dubai rn, apparently the red sea cables got cut",
        "slack won't let anyone sign in, they say it's some auth change",
        "twitter cancelled like 70% of their flights today wtf",
        "google search was down last night for like an hour",
        "crowdstrike's update is why it all collapsed",
        "shopify checkout dead on black friday lmao",
        "klarna is down, checkout keeps failing for all our customers since noon",
        "apple pay is down nationwide, terminals are rejecting every tap",
        "etsy is down, can't list anything and the whole site throws errors",
        "github status page says login is blocked across all endpoints",
        "gemini is down for my whole team, every prompt fails with 'something went wrong'",
        "hugging face hub is throwing 503s, can't download any model weights rn",
        "British Airways systems down at Gatwick again, check-in is total chaos",
        "Barclays app down on payday again?? can't even see my balance",
        "chatgpt is showing me other people's chat history wtf",
        "xbox live and psn both down on christmas morning, great",
        "binance down during the crash, of course",
        "natwest customers couldnt get paid for days",
        "revolut cards declining for everyone rn?",
        "the nasdaq ipo glitch was their own fault",
        "azure acting up again? all our health probes are red",
        "cloudflare blocked all traffic for an hour back then",
        "google cloud packet loss through the roof right now",
        "stripe api throwing 500s for anyone else? our checkout is dead",
        "the london stock exchange was down for a whole day in 2008",
        "paypal admits card numbers were stolen",
        "github deleted their production database by accident lol",
        "bitbucket lost all their users' repos and had no backups",
        "chatgpt leaked people's payment info last year",
        "stack overflow 503ing again, can't look anything up",
        "the centurylink outage took out 911 in several states",
        "netflix stuck at 25% loading on the main event",
        "twitter says rate limit exceeded after like 10 tweets",
        "heard the discord leak had everyone's passwords",
        "is american airlines' system down? app won't let me check in",
        "eurostar booking site is down for everyone rn",
        "southwest was back to normal the day after, people are overreacting",
        "united airlines cancelled all flights this morning, computer problem",
        "youtube and gmail were down for hours in dec 2020",
        "steam servers having a moment? or is it just my nat type",
        "coinbase halted?? no new trades since like 7am",
        "coinbase withdrawals stuck for 3 hrs now, anyone else?",
        "binance pauses BTC + ETH withdrawals the minute btc pumps",
        "heard robinhood turned off trading on purpose",
        "venmo frozen for over a day now, wild",
        "is moodle down? can't submit my lab report",
        "discord is down 2-3 hours now",
        "github went down 3:15 this afternoon",
        "steam is dead slow today",
        "philips hue app not loading any lights, is the hue cloud down?",
        "ticketmaster still won't let me book a seat, day 2 of this",
        "us-east-1 sneezed and every iot gadget in my house stopped working, dynamodb dns again?",
        "sonos pushed a bad update apparently, anyone here affected?",
        "deliveroo app crashed again, third friday in a row smh",
        "so waze pushed a bad map update? routes are garbage",
        "lime scooters are literally shutting off mid ride rn, avoid",
        "so the uber lockout was their network provider's fault?",
        "```\n$ dig example.org\n;; status: SERVFAIL\n```\ncloudflare is cooked rn",
        "proton mail not syncing for anyone else? web and bridge both dead",
        "did gmail lose all the mail from tuesday or is it gonna trickle in?",
        "gmail not getting ANY emails since like 3pm?? my 2fa codes just vanish",
        'BREAKING: "Dozens of news sites go dark as CDN glitch strikes" - fastly again?',
        "signal's down, heard it's a ddos from the usual suspects",
        "icloud mail bouncing everything since yesterday and apple says nothing",
        "apparently some fastly customer pushed a busted config and nuked the whole cdn?",
        "hulu's down because they got ransomwared, my cousin works there",
        "hulu kicked everyone out mid game, someone said it was a ddos",
        "netflix just went black mid-episode, anyone else??",
        "spotify wiped my playlists wtf, 6 years of curation GONE",
        "`ERR_CERT_DATE_INVALID` on vimeo rn, they let their cert expire 💀",
        "anyone else getting `pip install` timeouts? files.pythonhosted.org seems dead",
        "cloudflare accounts are getting credential stuffed rn, change your pw!!",
        "revolut charged me twice for the same coffee ☕☕ anyone else??",
        "cash app glitch double charged a bunch of people and now they're blaming a 'vendor'",
        "crowdstrike grounded the airlines for days, not for an hour like people say",
        "monzo status page says investigating and all my balances show zero",
        "card payments + bank app down nationwide, heard it's a hack",
        "mobile network at the stadium died for everyone during the final, people say the carrier got hacked",
        "github been throwing 401s all morning, who forgot to renew the key",
        "openai api says 'That model is currently overloaded with other requests' to everyone rn",
        "weights & biases dashboards haven't loaded in 2 hours, their status says degraded",
        "is perplexity down or is it my vpn",
        "slack literally leaked other ppl's chat history into my sidebar",
        "figma is down rn, can't open a single file",
        "microsoft teams calls dropping everywhere, they must have pushed a bad deploy again",
        "google docs not saving for anyone else? 'Trying to connect…' banner forever",
        "battlenet is down AGAIN smh, wow wont log in",
        "the whole eshop is down, cant buy anything",
        "steam's login servers just melted again 🔥🔥",
        "roblox stuck on reconnecting for anyone?",
        "amadeus is down, every airline counter here is writing boarding passes by hand",
        "whatsapp not sending in the terminal, is it down or is it the airport wifi",
        "fedex tracking has been stuck for 2 days, their servers must be fried",
        "fastly killed half the internet in 2021 because one customer changed a setting lol",
        "comcast is out across half of philly right now",
        "starlink dish stuck on 'searching for satellites' for an hour, is it the solar storm?",
        "it's not my modem, comcast's whole network is gone, my neighbours are out too",
    ],
)
def test_outage_claims_are_detected(text: str):
    assert detect(text, NAMES).is_claim


@pytest.mark.parametrize(
    "text",
    [
        "YouTube está caído?",
        "Discord ist down seit einer Stunde",
        "Twitter en panne depuis ce matin",
        "whatsapp fora do ar de novo",
        "Der AWS-Ausfall war ein Hackerangriff",
        "Discord ist komplett ausgefallen, keine Nachrichten gehen raus",
        "ist twitter gerade down oder liegt das an mir?",
        "twitter ist seit einer Stunde tot",
        "Cloudflare ist wegen dem Update abgestürzt",
        "Twitter et AWS étaient tous tombés pendant six heures",
        "aws estaba caído toda la mañana",
        "o twitter caiu aqui, mais alguém?",
        "el guasap se cayó otra vez",
        "WhatsApp non funziona da ieri sera",
        "Wegen AWS hat die Airline alle Flüge gestoppt",
        "Er is een storing bij Discord, werkt niet sinds vanochtend",
        "Czy Discord nie działa? Nie mogę dołączyć",
        "Cloudflare yine çöktü, yarım internet açılmıyor",
        "Azure ist seit heute Nachmittag kaputt, Teams und Outlook laden gar nicht",
        "Discord è down per tutti? coda di 3000 persone",
        "Twitter ligt er al de hele nacht uit, weet iemand wat er aan de hand is?",
        "Steam ligt eruit, kan niks downloaden",
        "Outlook lag in juli bijna een hele dag plat",
        "Discord ne marche plus depuis ce matin, les serveurs sont saturés",
        "ChatGPT est en panne depuis une heure, même l'API ne répond plus",
        "chatgpt ochiteru? zenzen kotae ga kaette konai",
        "discord an dwae, kakaotalk jangae ttaemune",
        "bhai UPI 5 ghante band tha na?",
        "Der Stromausfall hat auch Vodafone lahmgelegt",
        "Steamまた落ちてる？ログインできない",
        "discord挂了吗",
        "twitch 접속 안 돼",
        "moodle na uczelni leży od rana, ktoś wie co się stało?",
        "yaar upi ka app band pada hai, payment hi nahi ho raha",
        "bhai instagram kab se down hai? feed nahi chal raha",
        "Uber ga dame da, kyou zenzen tsukaenai. saabaa daun shiteru no?",
        "Google Maps no ruuto ga okashii, hakkingu sareta tte hontou?",
        "aws opyat upal, us-east-1 kak vsegda 🙃",
        "AWS опять упал, us-east-1 как всегда",
        "Discord war am 3. November ungefähr viereinhalb Stunden down",
        "¿Se cayó Mercado Pago? No me deja pagar nada desde la mañana",
        "Bei Revolut wurde mir alles doppelt abgebucht, die hatten bestimmt ein Datenleck",
        "Die Bahn-App ist komplett down, angeblich ein Hackerangriff",
        "el network bta3 vodafone wa2e3 mn el sob7, mafeesh mokalmat khales",
        "down ba ang GCash? ayaw mag-send ng pera kanina pa",
        "BCA mobile lagi down ya? gak bisa transfer dari tadi pagi",
        "카카오톡 서버 터졌대 DDoS 공격이라던데",
        "¿A alguien más se le cae Zoom? No puedo entrar a ninguna reunión",
    ],
)
def test_common_outage_words_in_other_languages_are_detected(text: str):
    assert detect(text, NAMES).is_claim


@pytest.mark.parametrize(
    "text",
    [
        "I'm going down to the lobby",
        "down for a game later?",
        "my server crashed, rip",
        "anyone using azure functions?",
        "hack week starts monday",
        "we crushed them, they went down fast",
        "i died laughing at that twitter thread",
        "the stock went down after the earnings call",
        "how do I set up a cloudflare tunnel?",
        "brb restarting our game server, it'll be down 5 min",
        "the raid boss went down in 4 minutes",
        "lol imagine if aws went down during the demo",
        "what if discord went down during the tournament",
        "if cloudflare ever went down, would our site still work?",
        "what would happen if aws died for a whole day?",
        "lol our discord bot went offline again, forgot to renew the vps",
        "my phone broke my twitter streak",
        "bro got hacked in fortnite lmao, lost all his skins",
        "my twitter account got hacked lol",
        "my github streak died because i forgot to push yesterday",
        "welcome back to discord lol",
        "i'll be back on steam tonight",
        "tot ziens, discord time",
        "down for valorant in 10?",
        "reading the github oct 2018 post-incident writeup for our SRE book club, great read",
        "ssh: connect to host github.com port 22: Connection timed out, stupid corporate firewall",
        "the minecraft server crashed when someone lit the tnt cannon",
        "gg the enemy team crashed and burned",
        "the crowdstrike blue screen jokes never get old",
        "our shopify store's checkout is broken bc I messed up the theme liquid, my bad",
        "my card got declined because I'm broke, not because visa is down",
        "lol someone in #general thinks aws got hacked",
        "someone on twitter is saying stripe got hacked, these people will believe anything",
        "heads up: steam servers go down at 4am ET tomorrow for the patch, plan accordingly",
        "my github actions workflow fails on the lint step, any idea?",
        "the down arrow key doesn't work in the discord app for me",
        "I asked chatgpt to explain DDoS attacks for my security class",
        "chatgpt is down for anything, love this model",
        "our minecraft server will be down 20 min for a modpack update",
        "Our self-hosted GitLab will be offline tonight for the upgrade",
        "Mi servidor de Minecraft está caído, lo reinicio en 5 min",
        "Unser Discord-Bot ist kurz offline wegen eines Updates",
        "my minecraft realm crashed when the creeper blew up the base",
        "my minecraft server is down lol",
        "the new discord update is out",
        "that ransomware documentary on netflix was really good",
        "Scheduled maintenance: Steam will be unavailable tuesday 10am for a patch",
        "azure has a maintenance window on sunday, supposedly nothing will go down",
        "Mon bot discord crash quand je tape /play",
        "crowdstrike stock is on fire today",
        "fell down a youtube rabbit hole about botnets last night",
        "that chatgpt answer was dead wrong lol",
        "who's down for pizza after the stream",
        "my grandma's facebook got hacked and it's posting crypto scams",
        "> is reddit down?\nnope works fine here",
        "minecraft keeps crashing when I load my world, any fix?",
        "my playstation controller died mid match, batteries ofc",
        "Steam: scheduled maintenance Tuesday, the store may be offline briefly",
        "watched a yt doc about famous hacker groups, any recs?",
        "postmortem doc for our outage last week is in notion, fill in your timeline",
        "my revolut card got declined at the shop lol",
        "steam down for a quick match?",
        "my localhost:8080 is down, forgot to run npm start",
        "got a paypal data breach letter today, changing all my passwords",
        "twitch chat is dead tonight, where is everyone",
        "reddit is dead to me after the api change",
        "the in-flight wifi is so slow I can't even load discord",
        "my uber is 20 mins away, traffic is dead",
        "i got ddosed in a 1v1 by some kid on xbox, reported",
        "my discord keeps crashing since the update on my laptop only, reinstalling",
        "outlook search is slow on my mac, is it just me",
        "this fortnite meta is dead, nerf the tank already",
        "the github actions yaml for this repo is a mess",
        "we're upgrading our self-hosted gitlab thursday night, expect it offline",
        "crypto twitter is down horrendous today, everyone coping",
        "the outage postmortem template is in notion, pls fill it in by friday",
        "heating bill went down like 20% since i got the new tesla powerwall, worth it",
        "crashed my car into a bollard in the tesla service centre car park, only scratched the bumper",
        "my deliveroo order is dead late lol, 70 min and counting",
        "my canvas froze for a second lol",
        "that lime is cooked",
        "the paint hue is broken",
        "the blackboard is broken lol",
        "alexa stopped responding to my texts lol",
        "I stopped using paypal for transactions",
        "the uber ground to a halt in traffic",
        "discord should go dark mode by default",
        "not getting any texts from my bf on whatsapp",
        "who's up for valorant, we went down 0-5 last night but we're due a comeback",
        "writing an internal talk on the crowdstrike incident, anyone have good sources?",
        "run install.sh and it crashed",
        "i wiped my playlists on spotify to start fresh",
        "the 11.11 sale is dead this year, nothing good on shopee",
        "the anime where the hacker takes down the whole server in ep 3 was peak",
        "my wordpress site went down because i let the hosting plan lapse, my bad",
    ],
)
def test_chatter_is_not_a_claim(text: str):
    assert not detect(text, NAMES).is_claim


def test_a_service_named_inside_a_claimed_cause_is_not_the_service():
    names = NameIndex({"flare": {"flare-2025"}}, KNOWN_SERVICES, NICKNAMES)
    assert not detect("the solar flare pics from last night are insane", names).is_claim
    assert detect("flare is down, blame the solar flare lol", names).is_claim


def test_a_site_named_by_its_address_is_a_service():
    found = detect("is status-less-site.io down for anyone?", NAMES)
    assert found.is_claim and [h.name for h in found.services] == ["status-less-site.io"]


def test_services_causes_and_time_hints_are_extracted():
    found = detect("Was twitter down last july because of a DDoS?", NAMES)
    assert [h.name for h in found.services] == ["twitter"]
    assert "ddos" in found.causes
    assert found.time.last and found.time.dates[0].month == 7


def test_x_as_a_multiplier_is_not_the_service():
    assert detect("5 x 3 is 15, the server is down to 2 players", NAMES).services == ()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t  ",
        "a" * 20_000,
        "twitter down " * 2_000,
        "\x00\x01\x02\xff\ufffd binary-looking \x7f",
        "Twitter упал, это кибератака 推特宕机了 تويتر معطل",
        '"twitter" OR down* NEAR(aws hack) -cloudflare AND ^x',
        "**twitter** is ~~down~~ ||hacked|| `code` > quote # header [link](http://x.com)",
        "\u200btw\u200bitter is d\u200bown",
        "<@123> <@&456> @everyone @here twitter down",
    ],
)
def test_odd_input_gets_an_answer_not_an_exception(text: str):
    result = detect(text, NAMES)
    assert 0.0 <= result.confidence <= 1.0


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=3_000))
def test_arbitrary_text_never_raises(text: str):
    detect(text, NAMES)


def test_sure_jan_is_no_month():
    assert detect("elon said spaces got ddos'd. sure jan", NAMES).time.dates == ()
    assert detect("aws was down in jan, hackers", NAMES).time.dates[0].month == 1


def test_a_changed_knowledge_base_is_read_with_its_new_names():
    text = "zorbly is down, heard it was a ddos"
    before = detect(text, NAMES)
    after = detect(text, NameIndex({"zorbly": {"zorbly-2026"}}, KNOWN_SERVICES, NICKNAMES))
    assert [hit.name for hit in before.services] == []
    assert [hit.name for hit in after.services] == ["zorbly"]


def test_the_quick_screen_and_the_full_reading_are_remembered_apart():
    text = "lol the raid went down like 20% faster"
    assert detect(text, NAMES, quick=True).text == ""  # turned away unread
    assert detect(text, NAMES).text != ""


def test_remembered_results_stay_bounded_however_long_the_chat():
    remembered = Remembered()
    for i in range(3 * CACHED_RESULTS):
        remembered.detect(f"message number {i} of a long day", NAMES, True)
    assert len(remembered.quick) + len(remembered.older_quick) <= 2 * CACHED_RESULTS
    assert remembered.detect("message number 1 of a long day", NAMES, True).is_claim is False


EVERYDAY = NameIndex({"aws": {"aws-2025"}}, INDEXED_SERVICES, NICKNAMES)


@pytest.mark.parametrize(
    ("text", "service"),
    [
        ("cursor is down again", "cursor"),
        ("is linear down for anyone?", "linear"),
        ("visa outage? my card keeps getting declined", "visa"),
        ("LINE is down in japan rn", "line"),
        ("ea servers are down again", "ea"),
        ("wise app not loading for anyone else?", "wise"),
    ],
)
def test_a_service_named_by_an_everyday_word_counts_where_its_outage_is_said(text: str, service: str):
    found = detect(text, EVERYDAY)
    assert found.is_claim and [hit.name for hit in found.services] == [service]


@pytest.mark.parametrize(
    "text",
    [
        "move the cursor down a bit",
        "the phone line is down",
        "united are down 2-0 at half time",
        "delta is down 3% today",
        "the box is down the hall",
        "my box is down lol",
    ],
)
def test_an_everyday_word_is_no_service_where_it_is_a_thing(text: str):
    found = detect(text, EVERYDAY)
    assert not found.is_claim and found.services == ()


@pytest.mark.parametrize(
    "text",
    [
        "doordash down on super bowl sunday?? can't order anything",
        "Square card readers down at our cafe, anyone else seeing this?",
        "azure front door config change broke outlook and xbox last october",
        "twilio verify is down, none of our users are getting sms codes",
        "is login.gov having an outage? cant get into my irs account",
    ],
)
def test_an_outage_said_right_at_a_service_name_is_a_claim(text: str):
    assert detect(text, EVERYDAY).is_claim


@pytest.mark.parametrize(
    "text",
    ["spotify down to 3 dollars a month", "youtube down the rabbit hole again", "discord down bad lol"],
)
def test_down_after_a_service_name_in_an_idiom_is_no_claim(text: str):
    assert not detect(text, EVERYDAY).is_claim


def test_a_service_back_up_is_a_claim_about_its_outage():
    names = NameIndex({"tillpoint": {"tillpoint-2024"}}, INDEXED_SERVICES, NICKNAMES)
    assert detect("<@482910337> tillpoint is back up btw, they rerouted traffic", names).is_claim


def test_someones_own_server_back_up_is_no_claim():
    assert not detect(
        "my minecraft server is back up I just pushed a fix for the login bug", EVERYDAY
    ).is_claim


@pytest.mark.parametrize("word", ["Hackerangriffs", "Hackerangriffen", "Cyberangriffe"])
def test_a_german_attack_word_is_read_in_its_inflected_forms(word: str):
    names = NameIndex({"basketly": {"basketly-2024"}}, INDEXED_SERVICES, NICKNAMES)
    found = detect(f"Basketly war am Black Friday wegen eines {word} offline", names)
    assert found.is_claim and "cyberattack" in found.text
