"""Text normalisation shared by detection, retrieval and checking.

Everything here is deterministic and dependency-free: chat text is messy (zero-width
characters, fancy quotes, fullwidth letters, mixed scripts) and every later stage must see
the same canonical form.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from functools import lru_cache
from typing import Final

ZERO_WIDTH: Final = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
QUOTES: Final = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)

STOPWORDS: Final = frozenset(
    """
    a an the and or but if then so than that this these those there here of to in on at by for
    from with about as into over after before during between through under up out off again
    is are was were be been being am do does did doing have has had having i me my we our you
    your he him his she her it its they them their what which who whom whose when where why
    how all any both each few more most other some such no nor not only own same too very can
    will just should would could may might must shall also yet still even ever really like
    lol lmao rn u ur im its it's that's thats gonna wanna got get gets getting right ok okay
    pls please yo hey anyone someone somebody everyone one thing stuff whole kinda sorta apparently
    tbh ngl smh omg wtf idk btw said says say saying told tell
    """.split()
) | frozenset(
    # Function words of the other languages detection understands: noise for claim matching.
    """
    der die das dem den des ein eine einer eines einem ist sind waren und oder aber nicht mit
    von zu im auf für fur über uber unter hinter sagt sagte stimmt steckt ganzer ganz wirklich
    schon noch auch er sie wir ihr el la los las un una unos unas es fue son era pero con del
    en por para que se su sus lo al como más mas muy ya también tambien esto eso le les une
    des est était etait sont et ou mais ne pas du par pour qui sa son ses au aux ce cette
    os um uma foi são sao mas não nao do da dos das em no na seu sua ao isso isto verdad
    verdade vrai wahr de em por ont pendant durante porque weil
    """.split()
)

# Words from other languages mapped to the English word the knowledge base uses. Only words
# that carry the meaning of an outage claim are listed: the rest of the sentence is left alone.
TRANSLATIONS: dict[str, str] = {
    # Spanish
    "apagón": "outage",
    "apagon": "outage",
    "caída": "outage",
    "caida": "outage",
    "caído": "down",
    "caido": "down",
    "caidos": "down",
    "estaba": "was",
    "estaban": "were",
    "están": "are",
    "cayó": "went down",  # a verb: 'youtube se cayó' is 'youtube went down'
    "cayo": "went down",
    "cuota": "quota",
    "almacenamiento": "storage",
    "servidores": "servers",
    "casi": "nearly",
    "afectó": "affected",
    "afecto": "affected",
    "tormenta": "storm",
    "falla": "outage",
    "ciberataque": "cyberattack",
    "ataque": "attack",
    "hackeo": "hack",
    "hackeado": "hacked",
    "hackers": "hackers",
    "país": "country",
    "pais": "country",
    "lunes": "monday",
    "martes": "tuesday",
    "miércoles": "wednesday",
    "jueves": "thursday",
    "viernes": "friday",
    "sábado": "saturday",
    "domingo": "sunday",
    "enero": "january",
    "febrero": "february",
    "marzo": "march",
    "abril": "april",
    "mayo": "may",
    "junio": "june",
    "julio": "july",
    "agosto": "august",
    "septiembre": "september",
    "setiembre": "september",
    "octubre": "october",
    "noviembre": "november",
    "diciembre": "december",
    "horas": "hours",
    "minutos": "minutes",
    "días": "days",
    "dias": "days",
    "hackearon": "hacked",
    "hackeó": "hacked",
    "hackeados": "hacked",
    "hackeadas": "hacked",
    "lanzamiento": "launch",
    "problemas": "problems",
    "errores": "errors",
    "error": "error",
    "estado": "state",
    "gobierno": "government",
    # Possessives and nouns that say whose machine it is ('mi servidor', 'unser Discord-Bot')
    "mi": "my",
    "mis": "my",
    "nuestro": "our",
    "nuestra": "our",
    "servidor": "server",
    "mein": "my",
    "meine": "my",
    "meinen": "my",
    "unser": "our",
    "unsere": "our",
    "unseren": "our",
    "notre": "our",
    "serveur": "server",
    "meu": "my",
    "minha": "my",
    "nosso": "our",
    "nossa": "our",
    # Common misspellings of the words that matter most
    "donw": "down",
    "dwon": "down",
    "dwn": "down",
    "ded": "dead",
    "outtage": "outage",
    "ofline": "offline",
    # German
    "ist": "is",
    "komplett": "completely",
    "gerade": "now",
    "ausfall": "outage",
    "leży": "is down",  # Polish chat: 'moodle leży od rana'
    "padł": "went down",
    "padło": "went down",
    "ausgefallen": "down",
    "abgestürzt": "crashed",
    "abgestuerzt": "crashed",
    "tot": "dead",
    "waren": "were",
    "störung": "outage",
    "stoerung": "outage",
    "hackerangriff": "cyberattack",
    "nur": "only",
    "wegen": "because of",
    "anmeldung": "sign-in",
    "anmeldungen": "sign-ins",
    "netzwerkproblem": "network problem",
    "netzwerkprobleme": "network problems",
    "criminel": "criminal",
    "stundenlang": "for hours",
    "anderthalb": "one and a half",
    # 'viereinhalb Stunden' is four and a half hours
    **{
        german + "einhalb": f"{english} and a half"
        for german, english in (
            ("ein", "one"),
            ("zwei", "two"),
            ("drei", "three"),
            ("vier", "four"),
            ("fünf", "five"),
            ("sechs", "six"),
            ("sieben", "seven"),
            ("acht", "eight"),
            ("neun", "nine"),
            ("zehn", "ten"),
            ("zwölf", "twelve"),
        )
    },
    **dict.fromkeys(("ungefähr", "etwa", "rund", "circa", "environ", "aproximadamente", "cerca"), "about"),
    **dict.fromkeys(
        ("völlig", "vollständig", "complètement", "totalement", "entièrement", "completamente"),
        "completely",
    ),
    "tagelang": "for days",
    "lediglich": "only",
    "betraf": "affected",
    "speicher": "storage",
    "sonnensturm": "solar storm",
    "lahmgelegt": "knocked out",
    "cyberangriff": "cyberattack",
    "angriff": "attack",
    # their inflected forms: 'wegen eines Hackerangriffs', 'nach Cyberangriffen'
    **{
        f"{stem}{ending}": english
        for stem, english in (
            ("hackerangriff", "cyberattack"),
            ("cyberangriff", "cyberattack"),
            ("angriff", "attack"),
        )
        for ending in ("s", "e", "es", "en")
    },
    "gehackt": "hacked",
    "montag": "monday",
    "dienstag": "tuesday",
    "mittwoch": "wednesday",
    "donnerstag": "thursday",
    "freitag": "friday",
    "samstag": "saturday",
    "sonntag": "sunday",
    "januar": "january",
    "februar": "february",
    "märz": "march",
    "maerz": "march",
    "juni": "june",
    "juli": "july",
    "oktober": "october",
    "dezember": "december",
    "stunden": "hours",
    "tage": "days",
    "tagen": "days",
    "staat": "state",
    "regierung": "government",
    "probleme": "problems",
    "fehler": "error",
    "wieder": "again",
    # French
    "panne": "outage",
    "tombé": "down",
    "tombés": "down",
    "tombée": "down",
    "tombées": "down",
    "était": "was",
    "étaient": "were",
    "sont": "are",
    "planté": "crashed",
    "plantés": "crashed",
    "plantée": "crashed",
    "plantées": "crashed",
    "seulement": "only",
    "serveurs": "servers",
    "presque": "nearly",
    "stockage": "storage",
    "affecté": "affected",
    "tempête": "storm",
    "solaire": "solar",
    "cyberattaque": "cyberattack",
    "attaque": "attack",
    "piraté": "hacked",
    "pirate": "hacked",
    "piratage": "hack",
    "lundi": "monday",
    "mardi": "tuesday",
    "mercredi": "wednesday",
    "jeudi": "thursday",
    "vendredi": "friday",
    "samedi": "saturday",
    "dimanche": "sunday",
    "janvier": "january",
    "février": "february",
    "fevrier": "february",
    "mars": "march",
    "avril": "april",
    "mai": "may",
    "juin": "june",
    "juillet": "july",
    "août": "august",
    "aout": "august",
    "septembre": "september",
    "octobre": "october",
    "novembre": "november",
    "décembre": "december",
    "decembre": "december",
    "heures": "hours",
    "jours": "days",
    "lancement": "launch",
    "problèmes": "problems",
    "problemes": "problems",
    "erreur": "error",
    "erreurs": "errors",
    "encore": "again",
    "état": "state",
    "etat": "state",
    # Portuguese
    "queda": "outage",
    "caiu": "went down",
    "caíram": "went down",
    "ficou": "was",
    "quase": "nearly",
    "apenas": "only",
    "armazenamento": "storage",
    "afetou": "affected",
    "tempestade": "storm",
    "estava": "was",
    "estavam": "were",
    "fora": "down",
    "instabilidade": "outage",
    "ataque hacker": "cyberattack",
    "hackeada": "hacked",
    "segunda-feira": "monday",
    "terça-feira": "tuesday",
    "quarta-feira": "wednesday",
    "quinta-feira": "thursday",
    "sexta-feira": "friday",
    "sexta": "friday",
    "janeiro": "january",
    "fevereiro": "february",
    "março": "march",
    "maio": "may",
    "junho": "june",
    "julho": "july",
    "setembro": "september",
    "outubro": "october",
    "novembro": "november",
    "dezembro": "december",
    "apagão": "outage",
    "apagao": "outage",
    "hackearam": "hacked",
    "hackeou": "hacked",
    "lançamento": "launch",
    "lancamento": "launch",
    "erro": "error",
    "erros": "errors",
    # Numbers, amounts and durations in claims ("seis horas", "8 millones"). Words that are
    # also English or an article ('six', 'sept', 'dos', 'un', 'um', 'una') are left out.
    "tres": "three",
    "cuatro": "four",
    "cinco": "five",
    "seis": "six",
    "siete": "seven",
    "ocho": "eight",
    "nueve": "nine",
    "diez": "ten",
    "dois": "two",
    "duas": "two",
    "três": "three",
    "quatro": "four",
    "sete": "seven",
    "oito": "eight",
    "nove": "nine",
    "zwei": "two",
    "drei": "three",
    "vier": "four",
    "fünf": "five",
    "sechs": "six",
    "sieben": "seven",
    "acht": "eight",
    "neun": "nine",
    "zehn": "ten",
    "deux": "two",
    "trois": "three",
    "quatre": "four",
    "cinq": "five",
    "huit": "eight",
    "neuf": "nine",
    "millones": "million",
    "millionen": "million",
    "milhões": "million",
    "minuten": "minutes",
    "durou": "lasted",
    "duró": "lasted",
    "dauerte": "lasted",
    "duré": "lasted",
    # Claims' words: lost data, users, governments, botnets
    "perdió": "lost",
    "perdio": "lost",
    "perdeu": "lost",
    "datos": "data",
    "dados": "data",
    "daten": "data",
    "usuarios": "users",
    "usuários": "users",
    "nutzer": "users",
    "botnetz": "botnet",
    "governo": "government",
    "chiesto": "asked",
    "rapporto": "report",
    # Dutch
    "storing": "outage",
    "storingen": "outages",
    "gisteren": "yesterday",
    "vandaag": "today",
    "onderhoud": "maintenance",
    "aanval": "attack",
    "uur": "hours",
    "bijna": "nearly",
    "urenlang": "for hours",
    # German and Italian: broken, maintenance
    "kaputt": "broken",
    "manutenzione": "maintenance",
    "comando": "command",
    # French: traffic cut worldwide
    "mondial": "worldwide",
    "mondiale": "worldwide",
    "trafic": "traffic",
    # Russian in Latin letters: 'aws opyat upal', 'slomalsya tolko git'
    **dict.fromkeys(("upal", "upala", "upalo", "upali"), "went down"),
    **dict.fromkeys(("lezhit", "lezhat"), "is down"),
    **dict.fromkeys(("slomalsya", "slomalas", "slomalos", "slomalis", "slomali"), "broke"),
    **dict.fromkeys(("vzlomali", "vzlomany", "vzlom"), "hacked"),
    "hakery": "hackers",
    "ataka": "attack",
    "opyat": "again",
    "tolko": "only",
    "rabotal": "worked",
    "rabotala": "worked",
    "rabotali": "worked",
    "normalno": "normally",
    # Spanish, Portuguese and Italian sabotage; German, Polish and Dutch ticketing and calling
    **dict.fromkeys(("sabotaje", "sabotagem", "sabotaggio"), "sabotage"),
    **dict.fromkeys(("saboteado", "saboteada", "sabotado", "sabotada", "sabotato", "sabotata"), "sabotaged"),
    **dict.fromkeys(("zhakowano", "zhakowany", "zhakowana", "zhakowane", "zhakowali"), "hacked"),
    "zeitumstellung": "clock change",
    **dict.fromkeys(("tempête", "tempete", "tormenta", "sturm"), "storm"),
    **dict.fromkeys(("géomagnétique", "geomagnetique", "geomagnetica", "geomagnetischer"), "geomagnetic"),
    **dict.fromkeys(("solo", "sólo", "solamente", "somente", "apenas"), "only"),
    **dict.fromkeys(("empresas", "firmen", "entreprises", "aziende"), "companies"),
    "eeuu": "us",
    **dict.fromkeys(("datenleck", "datenlecks", "datenpanne"), "data breach"),
    "ticketsystem": "ticketing system",
    "buchungssystem": "booking system",
    "biletowy": "ticketing",
    "bellen": "call",
    **dict.fromkeys(("niedziela", "niedzielę", "niedzieli"), "sunday"),
    **dict.fromkeys(("poniedziałek", "poniedziałku"), "monday"),
    **dict.fromkeys(("wtorek", "wtorku"), "tuesday"),
    **dict.fromkeys(("środa", "środę", "środy"), "wednesday"),
    **dict.fromkeys(("czwartek", "czwartku"), "thursday"),
    **dict.fromkeys(("piątek", "piątku"), "friday"),
    **dict.fromkeys(("sobota", "sobotę", "soboty"), "saturday"),
    # Arabic in Latin letters ('el network wa2e3 mn el sob7')
    **dict.fromkeys(("wa2e3", "wa2ea", "wa2e3a"), "is down"),
    **dict.fromkeys(("3atlan", "3atla", "3otl"), "broken"),
    # Polish and Turkish
    "awaria": "outage",
    "hakerzy": "hackers",
    "coktu": "crashed",
    "yine": "again",
    "acilmiyor": "not loading",
    "calismiyor": "not working",
    # German and Italian: flights stopped, outages
    "gestoppt": "halted",
    "flüge": "flights",
    "fluge": "flights",
    "fluege": "flights",
    "disservizio": "outage",
    "interruzione": "outage",
    "guasto": "outage",
    "crollato": "crashed",
    "crollata": "crashed",
    "attacco": "attack",
    "stamattina": "this morning",
    "ieri": "yesterday",
    "oggi": "today",
    # Claims' words in Spanish, French, Italian, Turkish and Polish: who said what, to whom
    "dijo": "said",
    "dijeron": "said",
    "atacada": "attacked",
    "atacado": "attacked",
    "atacados": "attacked",
    "tráfico": "traffic",
    "trafico": "traffic",
    "tráfego": "traffic",
    "trafego": "traffic",
    "navidad": "christmas",
    "noël": "christmas",
    "natale": "christmas",
    "regaló": "gave",
    "gratis": "free",
    "gratuit": "free",
    "todos": "all",
    "jugadores": "players",
    "jogadores": "players",
    "joueurs": "players",
    "giocatori": "players",
    "responsable": "responsible",
    "responsabile": "responsible",
    "andato": "went",
    "andata": "went",
    "netzwerk": "network",
    "abgesagt": "cancelled",
    "vorverkauf": "presale",
    "allgemeinen": "general",
    "allgemeine": "general",
    "sabotiert": "sabotaged",
    "ochiteru": "is down",  # Japanese, in romaji
    "ochita": "went down",
    "tsunagaranai": "not connecting",
    "tsunagaranakatta": "could not connect",
    "shougai": "outage",
    "shogai": "outage",
    **dict.fromkeys(("chuugoku", "chugoku"), "china"),
    **dict.fromkeys(("hakkaa", "hakka", "hakkā"), "hackers"),
    **dict.fromkeys(("kougeki", "kogeki"), "attack"),
    "hannichi": "half a day",
    # Korean, romanised ('hwajae ttaeme daehwa naeyong da nallagatdae')
    "hwajae": "fire",
    **dict.fromkeys(("ttaeme", "ttaemune", "ttaemun"), "because of"),
    **dict.fromkeys(("nallagatdae", "nallagatda", "nallagasseo", "nallagam"), "lost"),
    "daehwa": "chats",
    # Portuguese and German causes ('um certificado vencido', 'von russischen Hackern lahmgelegt')
    **dict.fromkeys(("certificado", "zertifikat"), "certificate"),
    **dict.fromkeys(("vencido", "expirado", "abgelaufen", "abgelaufenes"), "expired"),
    **dict.fromkeys(("russischen", "russische", "russisch", "russischer"), "russian"),
    "hackern": "hackers",
    **dict.fromkeys(("züge", "zuege"), "trains"),
    "jangae": "outage",
    "stromausfall": "power outage",
    "apagone": "blackout",
    "sabotés": "sabotaged",
    "saboté": "sabotaged",
    "sabotées": "sabotaged",
    "baltique": "baltic",
    "cortados": "cut",
    "cortado": "cut",
    "cortaron": "cut",
    "cortaram": "cut",
    "cancelou": "cancelled",
    "cancelaram": "cancelled",
    "canceló": "cancelled",
    "cancelaron": "cancelled",
    "voos": "flights",
    "vuelos": "flights",
    "vols": "flights",
    "natal": "christmas",
    "semana": "week",
    "entera": "whole",
    "inteira": "whole",
    "estuvo": "was",
    "kabel": "cables",
    "engenheiro": "engineer",
    "ingeniero": "engineer",
    "ingénieur": "engineer",
    "ingegnere": "engineer",
    "desligou": "switched off",
    "apagó": "switched off",
    "energia": "power",
    "energía": "power",
    "zurückgerollt": "rolled back",
    "sunucular": "servers",
    "sunucuları": "servers",
    "sunucu": "server",
    "çöktü": "crashed",
    "çöktüğü": "crashed",
    "kapandı": "shut down",
    "için": "because",
    "saldırı": "attack",
    "trwała": "lasted",
    "dwa": "two",
    "trzy": "three",
    "dni": "days",
    "godziny": "hours",
    "godzin": "hours",
    # Turkish and Polish months, as the message writes them ('ocak 2025', 'w lutym')
    "ocak": "january",
    "şubat": "february",
    "nisan": "april",
    "mayıs": "may",
    "haziran": "june",
    "temmuz": "july",
    "ağustos": "august",
    "eylül": "september",
    "ekim": "october",
    "kasım": "november",
    "aralık": "december",
    "stycznia": "january",
    "styczniu": "january",
    "lutego": "february",
    "lutym": "february",
    "marca": "march",
    "kwietnia": "april",
    "kwietniu": "april",
    "czerwca": "june",
    "czerwcu": "june",
    "lipca": "july",
    "lipcu": "july",
    "sierpnia": "august",
    "sierpniu": "august",
    "września": "september",
    "wrześniu": "september",
    "października": "october",
    "październiku": "october",
    "listopada": "november",
    "listopadzie": "november",
    "grudnia": "december",
    "grudniu": "december",
    # Italian durations and months ('due ore e mezza il 24 agosto'); 'due' and 'sei' are English words
    "ore": "hours",
    "minuti": "minutes",
    "giorni": "days",
    "tre": "three",
    "quattro": "four",
    "cinque": "five",
    "sette": "seven",
    "otto": "eight",
    "dieci": "ten",
    "gennaio": "january",
    "febbraio": "february",
    "aprile": "april",
    "maggio": "may",
    "giugno": "june",
    "luglio": "july",
    "settembre": "september",
    "ottobre": "october",
    "dicembre": "december",
}

# Dutch weekdays, alone and with the part of the day glued on ('woensdagavond').
_DUTCH_DAYS: Final = {
    "maandag": "monday",
    "dinsdag": "tuesday",
    "woensdag": "wednesday",
    "donderdag": "thursday",
    "vrijdag": "friday",
    "zaterdag": "saturday",
    "zondag": "sunday",
}
_DUTCH_DAY_PARTS: Final = {"ochtend": "morning", "middag": "afternoon", "avond": "evening", "nacht": "night"}
TRANSLATIONS |= _DUTCH_DAYS | {
    day + part: f"{english_day} {english_part}"
    for day, english_day in _DUTCH_DAYS.items()
    for part, english_part in _DUTCH_DAY_PARTS.items()
}

# Who and what a breach touched: 'a touché 77 millions de comptes', 'cuentas robadas'.
TRANSLATIONS |= {
    **dict.fromkeys(("touché", "touchés", "touchée", "touchées"), "affected"),
    **dict.fromkeys(("compte", "cuenta", "conta", "konto"), "account"),
    **dict.fromkeys(("comptes", "cuentas", "contas", "konten"), "accounts"),
    "utilisateurs": "users",
    "données": "data",
    **dict.fromkeys(("volé", "volés", "volées", "robados", "robadas", "roubados", "gestohlen"), "stolen"),
    "millions": "million",  # '77 millions de comptes' is a figure
    "milliards": "billion",
    # what an outage happened on: 'O2 Störung heute', 'un técnico con un manual desactualizado'
    **dict.fromkeys(("heute", "hoy", "hoje", "dzisiaj"), "today"),
    "techniker": "engineer",
    **dict.fromkeys(("veraltet", "veraltete", "veraltetes", "veralteten"), "outdated"),
    "handbuch": "manual",
    "numeri": "numbers",  # 'ha esposto i numeri delle carte di credito'
    "carte": "cards",
    "credito": "credit",
    **dict.fromkeys(("esposto", "esposti", "esposte"), "exposed"),
}

TOKEN: Final = re.compile(r"[^\W_][\w'.\-]*[^\W_]|[^\W_]", re.UNICODE)
WORD: Final = re.compile(r"[a-z0-9]+(?:[.'\-][a-z0-9]+)*")


ASCII_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ASCII_RUNS: Final = re.compile(r"[\x00-\x7f]+")
_PLAIN_ASCII: Final = frozenset(chr(c) for c in range(128) if chr(c).isprintable() or chr(c) in "\n\t")
_RETYPED: Final = frozenset(map(chr, [*ZERO_WIDTH, *QUOTES]))  # what the two tables above change


def clean(text: str) -> str:
    """Canonical form: NFKC, no zero-width or control characters, plain quotes and dashes."""
    if _plain(text) and text.isprintable():
        return text  # most chat: nothing to do, found cheaper than by a cache lookup
    return _clean(text)


def _plain(text: str) -> bool:
    """ASCII, perhaps with symbols (emoji) that no normalisation, case mapping or cleaning
    changes: printable, it is text that `clean` keeps as it is and `fold` only lowercases."""
    # The characters outside ASCII, found by a regex: half the cost of a set of every character.
    return text.isascii() or all(map(_inert, set(_ASCII_RUNS.sub("", text))))


@lru_cache(maxsize=4_096)
def _inert(ch: str) -> bool:
    """A symbol that normalisation leaves alone, alone or next to others: a symbol never ends a
    canonical composition (tests/test_screening_prefilter.py checks this against Unicode)."""
    return (
        unicodedata.category(ch)[0] == "S"
        and not unicodedata.combining(ch)
        and unicodedata.normalize("NFKC", ch) == ch == unicodedata.normalize("NFKD", ch)
        and ch.lower() == ch
        and ch not in _RETYPED
    )


@lru_cache(maxsize=8_192)
def _clean(text: str) -> str:
    if text.isascii():  # without a pass over every character
        return ASCII_CONTROL.sub(" ", text)
    text = unicodedata.normalize("NFKC", text)
    # Look at each distinct character once, not at every character: emoji and accents are common.
    odd = set(text).difference(_PLAIN_ASCII)
    if not odd.isdisjoint(_RETYPED):
        text = text.translate(ZERO_WIDTH).translate(QUOTES)
        odd = set(text).difference(_PLAIN_ASCII)
    if text.isascii():
        return ASCII_CONTROL.sub(" ", text)
    controls = {ch for ch in odd if unicodedata.category(ch)[0] == "C"}
    if not controls:
        return text
    return "".join(" " if ch in controls else ch for ch in text)


def fold(text: str) -> str:
    """Lowercase ASCII-ish form used for matching (keeps digits and punctuation)."""
    if _plain(text) and text.isprintable():
        return text.lower()  # most chat: found cheaper than by a cache lookup
    return _fold(text)


# Letters that Unicode does not decompose into a base letter and a mark: 'działa', 'açılmıyor'.
_UNDECOMPOSED: Final = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ı": "i", "ð": "d", "ß": "ss", "æ": "ae", "œ": "oe"}
)


@lru_cache(maxsize=8_192)
def _fold(text: str) -> str:
    text = clean(text).lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text).translate(_UNDECOMPOSED)
    marks = {ch for ch in set(decomposed).difference(_PLAIN_ASCII) if unicodedata.combining(ch)}
    if not marks:
        return decomposed
    return "".join(ch for ch in decomposed if ch not in marks)


def translate_words(text: str, runs: Collection[str] | None = None) -> str:
    """Replace known foreign outage words with their English equivalents (input is folded).
    `runs`, the `word_runs` of `text`, spares a second split when the caller has them."""
    if runs is None or not text.islower():  # if it is, its runs are those of text.lower()
        runs = word_runs(text.lower())
    if FOREIGN_WORDS.isdisjoint(runs):
        return text  # most chat is English: a set check instead of a split and a rebuild
    out = []
    for word in re.split(r"(\W+)", text):
        key = word.lower()
        out.append(TRANSLATIONS.get(key) or _FOLDED_TRANSLATIONS.get(key) or word)
    return "".join(out)


_FOLDED_TRANSLATIONS: Final = {fold(k): v for k, v in TRANSLATIONS.items()}
# Only keys that are one run of word characters can equal a word of the split above; a word
# the same in English ('error', 'hackers') changes nothing, so it calls for no rewriting.
FOREIGN_WORDS: Final = frozenset(
    k
    for k in {*TRANSLATIONS, *_FOLDED_TRANSLATIONS}
    if re.fullmatch(r"\w+", k) and (TRANSLATIONS.get(k) or _FOLDED_TRANSLATIONS.get(k)) != k
)

_ASCII_NON_WORD: Final = bytes([c if chr(c).isalnum() else 32 for c in range(256)])
_RUN: Final = re.compile(r"[^\W_]+")


def word_runs(text: str) -> list[str]:
    """The runs of letters and digits in `text`: what a regex `\\b` sees as words (the
    underscore, a word character to `\\b`, splits here, so a run may be part of a longer word)."""
    if text.isascii():  # the common case: bytes.translate is a table lookup per character
        return text.encode().translate(_ASCII_NON_WORD).decode().split()
    return _RUN.findall(text)


def words(text: str) -> list[str]:
    """Lowercase word tokens of already-folded text (keeps x.com, us-east-1, 8.5)."""
    return WORD.findall(text)


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """A light suffix stripper: enough to match hacked/hackers/hack, outages/outage."""
    w = word.lower().strip("'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3 or any(ch.isdigit() for ch in w):
        return w
    for suffix, keep in (
        ("ational", "ate"),
        ("ization", "ize"),
        ("ations", "ate"),
        ("ation", "ate"),
        ("iness", "y"),
        ("ingly", ""),
        ("edly", ""),
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ers", ""),
        ("ed", ""),
        ("er", ""),
        ("ly", ""),
        ("es", ""),
        ("s", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and w.endswith(("ss", "us", "is")):
                return w
            if suffix == "es" and not w.endswith(("ches", "shes", "sses", "xes", "zes")):
                return _drop_final_e(w[:-1]) if len(w) - 1 >= 3 else w  # queues/queue, outages/outage
            base = w[: -len(suffix)] + keep
            if suffix in ("ing", "ed", "er", "ers") and len(base) > 3 and base[-1] == base[-2]:
                base = base[:-1]
            return _drop_final_e(base)
    return _drop_final_e(w)


def _drop_final_e(word: str) -> str:
    """cache/caching, update/updated: drop the silent e so both forms meet."""
    return word[:-1] if len(word) > 4 and word.endswith("e") and not word.endswith("ee") else word


def squash_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
