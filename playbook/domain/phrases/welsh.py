"""Welsh (Cymraeg), in the formal register of a Welsh public body's letters.

The mutations are written out where the words meet: 'ar ddydd Llun', 'at bobl', 'a'ch
cyfeiriad post'. The names of the organisation, of files and of the credit agencies stay as
they are. To be checked by the organisation's translator, like the Welsh templates.
"""

from __future__ import annotations

from collections.abc import Sequence

from playbook.domain.phrases.book import Phrasebook

_VOWELS = "aeiouyâêîôûŷáéíóú"


def welsh_join(items: Sequence[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b ac c': 'a' before a consonant, 'ac' before a vowel, and
    'a'ch' for 'a eich' ('eich enw a'ch cyfeiriad post')."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    last = items[-1]
    if last.startswith("eich "):
        joined = "a'ch " + last.removeprefix("eich ")
    elif last[:1].lower() in _VOWELS:
        joined = "ac " + last
    else:
        joined = "a " + last
    return ", ".join(items[:-1]) + " " + joined


WELSH_PHRASES = Phrasebook(
    language="cy",
    weekdays=("Llun", "Mawrth", "Mercher", "Iau", "Gwener", "Sadwrn", "Sul"),
    months=(
        "Ionawr",
        "Chwefror",
        "Mawrth",
        "Ebrill",
        "Mai",
        "Mehefin",
        "Gorffennaf",
        "Awst",
        "Medi",
        "Hydref",
        "Tachwedd",
        "Rhagfyr",
    ),
    on_day="ar ddydd {weekday} {day} {month} {year}",
    at_time="{day} am {time}",
    recently="yn ddiweddar",
    greeting="Annwyl {name},",
    greeting_without_name="Annwyl Syr neu Fadam,",
    data_items={
        "name": "eich enw",
        "email": "eich cyfeiriad e-bost",
        "mobile": "eich rhif ffôn symudol",
        "phone": "eich rhif ffôn",
        "postal_address": "eich cyfeiriad post",
        "postcode": "eich cod post",
        "date_of_birth": "eich dyddiad geni",
        "age": "eich oedran",
        "gender": "eich rhywedd",
        "staff_number": "eich rhif staff",
        "student_number": "eich rhif myfyriwr",
        "course": "eich cwrs",
        "nationality": "eich cenedligrwydd neu'ch gwlad wreiddiol",
        "national_insurance_number": "eich rhif Yswiriant Gwladol",
        "passport_number": "eich rhif pasbort",
        "driving_licence": "rhif eich trwydded yrru",
        "nhs_number": "eich rhif GIG",
        "username": "eich enw defnyddiwr",
        "password": "eich cyfrinair",
        "bank_account": "manylion eich cyfrif banc",
        "sort_code": "eich cod didoli",
        "card_number": "rhif eich cerdyn",
        "salary": "eich cyflog",
        "health": "gwybodaeth am eich iechyd",
        "ethnicity": "eich tarddiad ethnig",
        "religion": "eich crefydd neu'ch cred",
        "sexuality": "eich cyfeiriadedd rhywiol",
        "gender_reassignment": "eich hunaniaeth rhywedd",
        "political": "eich barn wleidyddol",
        "trade_union": "eich aelodaeth o undeb llafur",
        "offence": "gwybodaeth am droseddau",
    },
    your_data="{items}",
    some_of_your_data="rhywfaint o'ch gwybodaeth bersonol",
    join=welsh_join,
    harms={
        "identity_fraud": "Gallai rhywun geisio defnyddio eich manylion i esgus bod yn chi, er "
        "enghraifft i agor cyfrifon neu gael credyd yn eich enw.",
        "financial_loss": "Gallech gael eich targedu gan sgamiau sy'n ceisio cymryd arian oddi "
        "arnoch.",
        "physical_harm": "Gallai rhywun na ddylai wybod y manylion hyn geisio dod o hyd i chi "
        "neu gysylltu â chi wyneb yn wyneb.",
        "distress": "Efallai y byddwch yn poeni neu'n teimlo'n ofidus bod pobl nad ydych yn eu "
        "hadnabod wedi gweld yr wybodaeth hon.",
        "discrimination": "Gallai rhywun eich trin yn annheg oherwydd yr hyn y mae'r wybodaeth "
        "yn ei ddweud.",
        "reputational_damage": "Gallai pobl a welodd yr wybodaeth feddwl yn wahanol amdanoch chi.",
        "professional_secrecy": "Nid yw gwybodaeth a roddwyd yn gyfrinachol yn gyfrinachol mwyach.",
    },
    consequences={
        "unwanted_emails": "Efallai y byddwch yn cael negeseuon e-bost diangen, gan gynnwys "
        "negeseuon sgam (gwe-rwydo) sy'n ceisio eich twyllo i roi rhagor o wybodaeth.",
        "unwanted_calls": "Efallai y byddwch yn cael galwadau ffôn neu negeseuon testun diangen, "
        "gan gynnwys sgamiau.",
        "information_held": "Mae gwybodaeth amdanoch chi bellach gan bobl na ddylai ei chael.",
    },
    advice={
        "emails": "Byddwch yn wyliadwrus o negeseuon e-bost sy'n sôn amdanom ni neu am y "
        "camgymeriad hwn ac sy'n gofyn i chi glicio ar ddolen, agor atodiad neu roi manylion "
        "personol. Ni fyddwn byth yn gofyn am eich cyfrinair na'ch manylion banc drwy e-bost.",
        "calls": "Byddwch yn wyliadwrus o alwadau neu negeseuon testun annisgwyl, yn enwedig "
        "unrhyw rai sy'n sôn amdanom ni neu'n gofyn am fanylion personol neu fanylion banc. Os "
        "oes gennych amheuaeth, rhowch y ffôn i lawr a chysylltwch â ni gan ddefnyddio'r "
        "manylion isod.",
        "post": "Byddwch yn wyliadwrus o bost neu ymwelwyr annisgwyl sy'n sôn am y camgymeriad "
        "hwn.",
        "credit_record": "Gwiriwch eich cofnod credyd (gallwch wneud hyn am ddim gydag Experian, "
        "Equifax neu TransUnion), a rhowch wybod am unrhyw dwyll i Action Fraud "
        "(0300 123 2040).",
        "bank": "Gwiriwch eich cyfriflenni banc a cherdyn, a rhowch wybod i'ch banc ar unwaith "
        "am unrhyw daliad nad ydych yn ei adnabod.",
        "password": "Newidiwch eich cyfrinair ar gyfer ein gwasanaethau, ac unrhyw le arall lle "
        "rydych yn defnyddio'r un cyfrinair.",
        "support": "Os ydych yn poeni am sut y gallai'r wybodaeth hon gael ei defnyddio, neu am "
        "eich diogelwch, rhowch wybod i ni a byddwn yn trafod pa gymorth sydd ar gael.",
        "contact_us": "Peidiwch ag ateb neb arall sy'n cysylltu â chi am y camgymeriad hwn; "
        "cysylltwch â ni yn lle hynny.",
    },
    measures={
        "asked": "Gwnaethom ofyn i bawb a gafodd yr e-bost ei ddileu, gan gynnwys o'u heitemau "
        "wedi'u dileu a'u dyfeisiau eraill, a chadarnhau hynny wrthym yn ysgrifenedig.",
        "asking": "Rydym yn gofyn i bawb a gafodd yr e-bost ei ddileu, gan gynnwys o'u heitemau "
        "wedi'u dileu a'u dyfeisiau eraill, a chadarnhau hynny wrthym yn ysgrifenedig.",
        "all_confirmed": "Mae'r {of:,} i gyd wedi cadarnhau eu bod wedi'i ddileu.",
        "some_confirmed": "Hyd yma, mae {confirmed:,} o'r {of:,} wedi cadarnhau eu bod wedi'i "
        "ddileu.",
        "ico_told": "Rydym wedi rhoi gwybod am hyn i Swyddfa'r Comisiynydd Gwybodaeth.",
        "preventing": "Rydym yn edrych ar sut y digwyddodd hyn ac yn newid y ffordd rydym yn anfon "
        "negeseuon e-bost, fel na fydd yn digwydd eto.",
    },
    what_happened={
        "sent_wrongly": "{when}, gwnaethom anfon e-bost at bobl na ddylai fod wedi'i gael.",
        "address_shown": "Roedd eich cyfeiriad e-bost i'w weld gan bawb a gafodd yr e-bost.",
        "in_attachment": "Roedd ffeil a oedd ynghlwm wrtho yn cynnwys gwybodaeth amdanoch chi.",
        "included": "Roedd yn cynnwys gwybodaeth amdanoch chi.",
        "received": "{sent}, anfonodd {organisation} e-bost{about} atoch drwy gamgymeriad.",
        "chased": "{requested}, gwnaethom ofyn i chi ddileu e-bost{about} a anfonodd "
        "{organisation} atoch drwy gamgymeriad {sent}.",
    },
    about_subject=' â\'r pwnc "{subject}"',
    attached=(
        " Roedd {count} ffeil ynghlwm wrtho: {names}.",
        " Roedd {count} ffeil ynghlwm wrtho: {names}.",
    ),
    chase_reasons={
        "acknowledged": "Diolch am eich ateb. Mae angen o hyd i chi gadarnhau yn ysgrifenedig "
        "eich bod wedi'i ddileu.",
        "unconfirmed": "Nid ydym wedi cael cadarnhad ysgrifenedig gennych eto eich bod wedi'i "
        "ddileu.",
    },
)
