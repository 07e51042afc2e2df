"""Events, agreements and numeric claims in an article: the facts beside who-said-what.

Small trigger grammars, applied sentence by sentence: every trigger in a sentence is an event candidate (one
sentence can report a truce taking effect and being broken), dated by the day expression nearest to the
trigger's key word. Agreements are ceasefires and statements reported as agreed; mentions of the same
agreement across the article are merged, keeping the day it was agreed and the local time it took effect.
Claims are numbers of killed, wounded, missing, downed or destroyed, credited to the speaker of the sentence.
Each candidate carries offsets into the text, for review against it.
"""

from __future__ import annotations

import datetime as dt
import re

from nkdata.dates import DateMention

NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}

_TRUCE = r"(?:cease-?fire|truce|armistice)"
# (event type, pattern); the group `k` is the key word the event's date is looked for around
EVENT_TRIGGERS = [
    ("ceasefire_violation_reported", rf"(?P<k>violat\w*|break\w*|broke(?:n)?)\b[^.]{{0,60}}\b{_TRUCE}"),
    ("ceasefire_violation_reported", rf"{_TRUCE}\b[^.]{{0,100}}\b(?P<k>violat\w*|broke(?:n)?|breaking|collapsed)"),
    ("ceasefire_takes_effect", rf"{_TRUCE}\b[^.]{{0,120}}\b(?P<k>came into effect|took effect|comes? into effect|"
                               r"take effect|taking effect|entered into force|enters into force|came into force|"
                               r"in force|to be implemented from|to start from|starts? from|began at)"),
    ("ceasefire_agreed", rf"(?P<k>agreed|agreement on|reached|announced|brokered|signed)\b[^.]{{0,80}}\b{_TRUCE}"),
    ("ceasefire_agreed", rf"{_TRUCE}\b[^.]{{0,40}}\b(?P<k>agreed|was reached|were reached|brokered)"),
    # a deal that stops the fighting: "Under the deal, signed on Monday ..., the fighting was to stop from 1 a.m."
    ("ceasefire_agreed", r"\b(?:deal|agreement|statement)\b[^.]{0,20}\b(?P<k>signed|agreed|reached)\b(?=[^.]{0,120}"
                         r"\b(?:fighting|hostilities|military operations|war)\b[^.]{0,30}\b(?:stop|end|cease|halt))"),
    ("ceasefire_takes_effect", r"\b(?:fighting|hostilities|military operations)\b[^.]{0,30}\b(?P<k>to stop|to end|"
                               r"to cease|stopped|ceased|halted)\b"),
    ("phone_call", r"\b(?P<k>(?:phone|telephone) (?:call|conversation|talks)|spoke by (?:phone|telephone)|"
                   r"calls? with|(?:spoke|talked) (?:separately )?(?:with|to))\b"),
    ("diplomatic_meeting", r"\b(?P<k>met with|met|meeting|held talks|talks with|negotiations in|summit)\b"),
    ("shelling_strike", r"\b(?P<k>shell(?:ed|ing|s)?|struck|strikes? on|airstrikes?|missiles?|rockets?|bombard\w*|"
                        r"artillery|fired (?:at|on)|came under fire|drone strikes?)\b"),
    ("capture_announced", r"\b(?P<k>captured|liberated|took control of|taken control of|seized|lost control of)\b"),
    ("declaration", r"\b(?P<k>martial law|mobili[sz]ation)\b"),
    ("unsc_meeting", r"\bsecurity council\b[^.]{0,40}\b(?P<k>meeting|consultations|met|session)\b"),
    ("prisoner_exchange", r"\b(?P<k>(?:prisoners?|detainees|captives|POWs)\b[^.]{0,60}\b(?:exchanged|swapped|"
                          r"handed over|returned|released|repatriated)|exchange of (?:prisoners|bodies|detainees)|"
                          r"(?:exchanged|swapped|handed over|returned|released|repatriated)\b[^.]{0,40}\b"
                          r"(?:prisoners|detainees|captives|POWs))"),
]
_EVENT_RES = [(kind, re.compile(pattern, re.I)) for kind, pattern in EVENT_TRIGGERS]
_AGREEMENT = re.compile(rf"\b(?:humanitarian {_TRUCE}|{_TRUCE} agreement|trilateral statement|joint (?:statement|"
                        rf"declaration)|{_TRUCE}|(?:peace |the )?deal|declaration|protocol)\b", re.I)
_AGREED = re.compile(r"\b(?:agreed|agree|agreement|reached|signed|sign|brokered|adopted|announced|initial(?:l)?ed)\b",
                     re.I)
_EFFECT = re.compile(r"\b(?:effect|force|implemented from|start(?:s|ed)? from|stop from|from \d|began at|halt)", re.I)

_QUAL = r"(?:(?:at least|more than|about|some|around|over|nearly|almost|up to)\s+)?"
_NUM = r"(?P<n>\d[\d,]*|" + "|".join(NUMBER_WORDS) + r")"
_WHO = (r"(?P<who>civilians?|people|persons|residents|soldiers|servicemen|servicemembers|troops|militants|"
        r"military personnel|fighters|officers)")
_WHAT = r"(?P<what>killed|dead|died|deaths?|injured|wounded|missing|captured)"
_AUX = r"(?:(?:were|was|are|is|have been|has been|had been|had gone|have gone|went|remain|remained)\s+)?"
_GEAR = r"(?P<what>drones?|UAVs?|aircraft|planes?|jets?|helicopters?|tanks?|armou?red vehicles?)"
_ADJ = r"(?:(?:of\s+(?:its|their|the)|(?-i:[A-Z][\w-]*)|officers\s+and|armed|combat|fighter|military)\s+){0,3}"
# (quantity, or None when the match's `what` decides it; pattern)
CLAIM_PATTERNS = [
    (None, _NUM + r"\s+" + _ADJ + r"(?:" + _WHO + r"\s*)?" + _AUX + _WHAT + r"\b"),  # "192 servicemen were killed"
    (None, r"\b(?P<what>killed|killing|injured|injuring|wounded|wounding)\s+" + _QUAL + _NUM +  # "killing 21 civilians"
     r"(?:\s+" + _ADJ + _WHO + r")?\b"),
    ("killed", r"\bnumber of " + _ADJ + _WHO + r"\s+(?:killed|dead)\b[^.;]{0,80}?\b(?:reached|risen to|rose to|"
               r"stands at|stood at|climbed to|increased to|is|was)\s+" + _QUAL + _NUM + r"\b"),
    ("killed", r"\blost\s+" + _QUAL + _NUM + r"\s+" + _ADJ + _WHO),  # "lost 154 soldiers (and 11 civilians)"
    ("killed", _NUM + r"\s+" + _ADJ + _WHO + r"\s+lost\s+(?:their\s+)?li(?:fe|ves)\b"),  # "68 residents lost life"
    ("killed", r"\b(?:claimed|cost|costing|took|taking)\s+" + _QUAL + _NUM + r"\s+lives\b"),  # "claimed 6,000 lives"
    ("killed", _NUM + r"\s+bodies\b"),
    ("prisoners_returned", r"\b(?:handed over|returned|released|repatriated|freed)\b[^.;]{0,30}?\b" + _QUAL + _NUM +
                           r"\s+" + _ADJ + r"(?:prisoners(?: of war)?|POWs|detainees|captives)\b"),
]
CLAIM_PATTERNS = [(quantity, re.compile(pattern, re.I)) for quantity, pattern in CLAIM_PATTERNS]
# equipment downed or destroyed, in a list on either side of the verb: "shot down two helicopters and three
# drones", "two helicopters and three drones were shot down"
_DOWNED = re.compile(r"\b(?:shot down|downed|destroyed|hit)\b", re.I)
_GEAR_ITEM = re.compile(_QUAL + _NUM + r"\s+(?:[\w-]+\s+){0,2}?" + _GEAR + r"\b", re.I)
# more items of a list after a match: "lost 154 soldiers and 11 civilians"
_MORE = re.compile(r"\s*(?:,|and|, and)\s+" + _QUAL + _NUM + r"\s+" + _ADJ + _WHO + r"\b", re.I)
_QUANTITY = {"killed": "killed", "dead": "killed", "died": "killed", "death": "killed", "deaths": "killed",
             "killing": "killed", "injured": "injured",
             "wounded": "injured", "injuring": "injured", "wounding": "injured", "missing": "missing",
             "captured": "captured", "drone": "drones_downed", "uav": "drones_downed", "aircraft": "aircraft_downed",
             "plane": "aircraft_downed", "jet": "aircraft_downed", "helicopter": "aircraft_downed",
             "tank": "armoured_vehicles_destroyed", "armoured vehicle": "armoured_vehicles_destroyed",
             "armored vehicle": "armoured_vehicles_destroyed"}
_POPULATION = {"civilian": "civilians", "civilians": "civilians", "resident": "civilians", "residents": "civilians",
               "soldiers": "military", "servicemen": "military", "servicemembers": "military", "troops": "military",
               "militants": "military", "fighters": "military", "military personnel": "military", "officers": "military",
               "people": "all",
               "persons": "all"}


def _nearest_day(text: str, dates: list[DateMention], lo: int, hi: int, at: int) -> DateMention | None:
    """The day a fact in the sentence at AT happened: the first day expression after AT within a few words
    ("agreed in Washington on Sunday", "took effect at 8 a.m. on Monday"), else the nearest one before.
    Days of saying ("said on Thursday") and background days ("since fighting began on Sept. 27") are not it."""
    days = [d for d in dates if lo <= d.start < hi and d.precision == "day" and not _SAID_ON.search(
        text[max(lo, d.start - 40):d.start]) and not _SINCE.search(text[max(lo, d.start - 80):d.start])]
    after = [d for d in days if at <= d.start <= at + 80]
    if after:
        return after[0]
    before = [d for d in days if d.start < at]
    return before[-1] if before else None


_SAID_ON = re.compile(r"\b(?:said|says|told|stated|reported|added|wrote)\b[^,.;:]{0,30}$", re.I)
_SINCE = re.compile(r"\bsince\b[^,.;:]*$", re.I)


def events_and_agreements(text: str, spans, mentions, dates: list[DateMention]) -> tuple[list[dict], list[dict]]:
    events: dict[tuple, dict] = {}
    agreements: list[dict] = []
    for lo, hi in spans:
        sentence = text[lo:hi]
        inside = [x for x in mentions if lo <= x.start < hi]
        for kind, pattern in _EVENT_RES:
            for m in pattern.finditer(sentence):
                if kind == "capture_announced" and not any(x.kind == "place" and 0 <= x.start - lo - m.end("k") <= 80
                                                           for x in inside):
                    continue  # a place is captured; "prisoners who were captured" is no capture of ground
                date = _nearest_day(text, dates, lo, hi, lo + m.start("k"))
                key = (kind, date.value if date else None)
                place = min((x for x in inside if x.kind == "place"), default=None,
                            key=lambda x: abs(x.start - lo - m.start("k")))
                if key in events:
                    events[key]["actor_ids"] = sorted(set(events[key]["actor_ids"]) |
                                                      {x.id for x in inside if x.kind == "actor"})
                    continue
                events[key] = {"start": lo + m.start(), "end": lo + m.end(), "sentence": [lo, hi],
                               "event_type": kind, "date": key[1], "time_local": date.time if date else None,
                               "utc_offset": date.utc_offset if date else None,
                               "place_id": place.id if place else None,
                               "actor_ids": sorted({x.id for x in inside if x.kind == "actor"})}
        agreements.extend(_agreement_mentions(text, lo, hi, inside, dates))
    dated = {kind for kind, day in events if day}
    # an undated mention of a kind the article also dates is most likely the same event again
    return [e for (kind, day), e in events.items() if day or kind not in dated], _merge(agreements)


def _agreement_kind(name: str, sentence: str, parties: set[str]) -> str:
    name = name.lower()
    if "humanitarian" in name or re.search(rf"{_TRUCE}\b[^.;]{{0,60}}\bhumanitarian", sentence, re.I):
        return "humanitarian_ceasefire"  # "agreement on ceasefire ... for humanitarian purpose"
    if "trilateral" in name or re.search(r"\btrilateral\b", sentence, re.I) or (
            name in ("deal", "the deal", "statement", "agreement") and re.search(r"\bsigned\b", sentence, re.I)
            and len(parties) >= 3):
        return "trilateral_statement"  # "the deal, signed by Pashinyan, Aliyev and Putin"
    if "statement" in name or "declaration" in name:
        return "joint_statement"
    if "protocol" in name:
        return "protocol"
    return "ceasefire"


def _agreement_mentions(text, lo, hi, inside, dates) -> list[dict]:
    """An agreement named in a sentence that says it was agreed or took effect."""
    sentence = text[lo:hi]
    found = []
    for a in _AGREEMENT.finditer(sentence):
        # agreed or taking effect near the name, not "broke the earlier cease-fire agreement"
        near = [m for m in _AGREED.finditer(sentence)
                if (m.end() <= a.start() and a.start() - m.end() <= 80 or m.start() >= a.end() and m.start() - a.end() <= 60)]
        agreed, effect = (near[0] if near else None), _EFFECT.search(sentence[a.end():a.end() + 120])
        if not agreed and not effect:
            continue
        if re.fullmatch(r"(?:the )?deal|declaration", a.group(0), re.I) and not re.search(
                rf"{_TRUCE}|trilateral|peace|statement|(?:fighting|hostilities|war)\b[^.]{{0,40}}\b(?:stop|end|cease|halt)",
                sentence, re.I):
            continue  # a "deal" about something else
        day = _nearest_day(text, dates, lo, hi, lo + agreed.start()) if agreed else None
        timed = [d for d in dates if lo + a.start() <= d.start < hi and d.time and effect]
        found.append({"start": lo + a.start(), "end": lo + a.end(), "name": a.group(0),
                      "kind": _agreement_kind(a.group(0), sentence, {x.id for x in inside if x.kind == "actor"}),
                      "date": day.value if day and not (timed and day is timed[0]) and not _future(sentence) else None,
                      "effective_local": f"{timed[0].value}T{timed[0].time}" if timed else None,
                      "utc_offset": timed[0].utc_offset if timed else None,
                      "party_ids": sorted({x.id for x in inside if x.kind == "actor"})})
        break  # one agreement per sentence
    return found


def _future(sentence: str) -> bool:
    return bool(re.search(r"\b(?:will|would|is to|are to|plans? to)\b", sentence, re.I))


def _merge(mentions: list[dict]) -> list[dict]:
    """One agreement per kind, unless the article gives different days for it (two different truces)."""
    merged: list[dict] = []
    for a in mentions:
        same = next((b for b in merged if b["kind"] == a["kind"] and (not a["date"] or not b["date"]
                                                                   or a["date"] == b["date"])), None)
        if same is None:
            merged.append(dict(a))
            continue
        for field in ("date", "effective_local", "utc_offset"):
            same[field] = same[field] or a[field]
        same["party_ids"] = sorted(set(same["party_ids"]) | set(a["party_ids"]))
    # "the ceasefire" with no day or time, beside a named agreement, is that agreement again
    vague = [a for a in merged if a["kind"] == "ceasefire" and not a["date"] and not a["effective_local"]]
    return [a for a in merged if a not in vague] or vague


def _number(text: str) -> int | None:
    text = text.lower().replace(",", "")
    return int(text) if text.isdigit() else NUMBER_WORDS.get(text)


def claims(text: str, spans, statements: list[dict], dates: list[DateMention], published: dt.date) -> list[dict]:
    out, seen = [], set()
    for lo, hi in spans:
        sentence = text[lo:hi]
        claimant = next((s for s in statements if s["start"] == lo), None)

        def add(m: re.Match, quantity: str | None, offset: int = 0) -> None:
            value = _number(m.group("n"))
            what = (m.groupdict().get("what") or "").lower()
            quantity = quantity or _QUANTITY.get(what) or _QUANTITY.get(what.rstrip("s"))
            start = lo + offset + m.start("n")
            if value is None or quantity is None or (start, quantity) in seen:
                return
            seen.add((start, quantity))
            who = (m.groupdict().get("who") or "").lower()
            population = "equipment" if quantity.endswith(("downed", "destroyed")) else \
                _POPULATION.get(who, "unspecified")
            if population == "unspecified" and re.search(r"civilian", sentence, re.I):
                population = "civilians"
            date = _nearest_day(text, dates, lo, hi, lo + offset + m.start())
            out.append({"start": lo + offset + m.start(), "end": lo + offset + m.end(), "text": m.group(0),
                        "quantity": quantity, "population": population, "value": value,
                        "as_of": date.value if date else published.isoformat(),
                        "claimant_id": claimant["speaker_id"] if claimant else None})

        for quantity, pattern in CLAIM_PATTERNS:
            for m in pattern.finditer(sentence):
                add(m, quantity)
                end = m.end()
                while (more := _MORE.match(sentence, end)) and quantity:
                    add(more, quantity)
                    end = more.end()
        for verb in _DOWNED.finditer(sentence):
            clause = re.split(r"[;:]|,\s(?![\w\s-]{0,40}\band\b)", sentence[:verb.start()])[-1]
            for m in _GEAR_ITEM.finditer(clause):  # "two helicopters and three drones were shot down"
                add(m, None, verb.start() - len(clause))
            tail = re.split(r"[;:,.]", sentence[verb.end():])[0]
            for m in _GEAR_ITEM.finditer(tail):  # "shot down two helicopters and three drones"
                add(m, None, verb.end())
    return out
