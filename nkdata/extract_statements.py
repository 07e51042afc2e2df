"""Statements in an article: who said something, on whose behalf, on what day, by which channel.

Statements hang on reporting verbs (said, told, urged, according to, was condemned by, headline "says",
participles such as "calling on"). The speaker is the named actor the grammar of the sentence points to:
the subject before the verb (lists joined by "and", past appositions and relative clauses), the name after
an inverted verb ('..., said Sergei Lavrov'), the agents of a passive, the actor "according to" cites, or the
person a pronoun refers to. Unnamed speakers ("officials", "a senior EU diplomat", "the Armenian side") give
no statement. The date is the one the text gives for the act of saying (GUIDE.md in the extraction
fixtures); otherwise the publication date, with the paragraph's day kept as a hint for the reviewer.
"""

from __future__ import annotations

import datetime as dt
import re

from nkdata.dates import DateMention
from nkdata.extract_mentions import Mention
from nkdata.resolve import Resolver

# reporting verb -> statement type (None: decided by the sentence, see _statement_type)
VERBS = {
    "said": None, "says": None, "told": None, "stated": None, "noted": None, "stressed": None,
    "reiterated": None, "announced": "announcement", "confirmed": "announcement", "reported": "claim",
    "claimed": "claim", "urged": "call", "called on": "call", "called for": "call", "appealed": "call",
    "condemned": "condemnation", "expressed concern": "concern", "expressed deep concern": "concern",
    "expressed grave concern": "concern", "expressed serious concern": "concern", "accused": "accusation",
    "denied": "denial", "rejected": "denial", "welcomed": "welcome", "supported": "support",
    "expressed full support": "support", "expressed support": "support",
    "warned": "accusation", "demanded": "call", "issued a statement": None, "issued a joint statement": None,
    "added": None, "wrote": None, "insisted": None, "declared": "announcement", "emphasised": None,
    "emphasized": None, "underlined": None, "explained": None, "asserted": "claim", "admitted": "announcement",
    "acknowledged": "announcement", "blamed": "accusation", "vowed": "announcement", "promised": "announcement",
    "threatened": "accusation", "argued": None, "responded": None, "according to": None, "tweeted": None,
    "posted": None, "pointed out": None, "commented": None, "remarked": None, "replied": None, "recalled": None,
    "clarified": None, "informed": None, "assured": None, "alleged": "accusation", "reaffirmed": None,
    "highlighted": None, "mentioned": None, "indicated": None, "disclosed": "announcement",
    "expressed regret": "concern", "expressed hope": None, "expressed readiness": "announcement",
    "called upon": "call", "appealed to": "call", "requested": "call", "charged": "accusation", "repeated": None,
    "refuted": "denial", "dismissed": "denial", "protested": "condemnation", "deplored": "condemnation",
    "criticised": "condemnation", "criticized": "condemnation", "tells": None, "described": None,
    "hailed": "welcome", "issued": None, "published": None, "pledged": "announcement",
    # the present tense of headlines: "Armenia says 49 soldiers killed", "Pashinian hails court ruling"
    "hails": "welcome", "urges": "call", "accuses": "accusation", "denies": "denial", "warns": "accusation",
    "condemns": "condemnation", "rejects": "denial", "welcomes": "welcome", "slams": "condemnation",
    "announces": "announcement", "claims": "claim", "confirms": "announcement", "blames": "accusation",
    "calls on": "call", "calls for": "call",
    # participles after the main clause: "Guterres spoke with Aliyev on the 28th, again calling on ..."
    "calling on": "call", "calling for": "call", "urging": "call", "saying": None, "accusing": "accusation",
    "warning": "accusation", "stressing": None, "adding": None, "insisting": None, "denying": "denial",
}
_ISSUED = re.compile(r"statement|declaration|communiqu|appeal|warning|message", re.I)  # "issued"/"published" what
_VERB = re.compile(r"(?<![\w-])(" + "|".join(sorted((re.escape(v) for v in VERBS), key=len, reverse=True)) + r")\b", re.I)
_SPOKES = re.compile(r"\b(spokes(?:wo)?man|spokesperson|press secretary|spokesman for)\b", re.I)
_CHANNELS = [("joint_statement", r"joint statement"), ("phone_call", r"phone|telephone|call with|calls with"),
             ("interview", r"interview"), ("briefing", r"briefing|press conference"),
             ("social_media", r"twitter|facebook|tweet|telegram|instagram"), ("speech", r"speech|address"),
             ("press_statement", r"statement")]


def _nearest_before(mentions: list[Mention], pos: int, lo: int, kinds=("actor",)) -> Mention | None:
    before = [m for m in mentions if lo <= m.start and m.end <= pos and m.kind in kinds]
    return before[-1] if before else None


def _speakers(text: str, mentions: list[Mention], pos: int, lo: int, last: Mention | None) -> list[Mention]:
    """Who says it: the named actor nearest before the verb, every actor of an "X and Y said" list, or the
    sentence's first person when a pronoun stands before the verb ("Guterres ..., saying that he urged")."""
    aside = re.search(r"(?:\s[-–—]\s[^-–—]+\s[-–—]|\([^()]*\))\s*$", text[lo:pos])
    if aside:  # "The co-chairs - Russia, France and the United States - said": the members do not speak
        pos = lo + aside.start()
    before = [m for m in mentions if lo <= m.start and m.end <= pos and m.kind == "actor"]
    closing = max(text.rfind(q, lo, pos) for q in ('"', "”"))
    if closing != -1 and re.match(r"\s*[\"“]", text[lo:pos]):  # '"... contingent ...," the ministry said'
        before = [m for m in before if m.start > closing]
    for m in before:  # "Vasili Nebenzia, permanent representative of Russia to the UN, (who ...,) said"
        if m.entity_kind == "person" and re.fullmatch(
                r"\s*,(?:[^,]{1,120},){1,3}\s*(?:(?:has|have|had)\s+)?(?:\w+ly\s+|also\s+)?", text[m.end:pos]):
            return [m]
    if before and _UNNAMED_PERSON.match(text[before[-1].end:pos]):
        return []  # "A senior EU diplomat said": a person the text does not name
    if before and _UNNAMED_BODY.search(text[lo:before[-1].start]) and not _UNNAMED_PERSON.match(
            text[before[-1].end:pos]) and re.fullmatch(r"[^,;:]*", text[before[-1].end:pos]):
        return []  # "The emergency situation ministry of Azerbaijan said": a body the tables do not have
    if re.search(r"\b(?:which|that|what)\s+(?:it|they)\s+(?:\w+\s+)?$", text[lo:pos], re.I):
        return [last] if last is not None else []  # "..., which it described as obsolete"
    pronoun = re.search(r"\b(he|she)\s+(?:\w+\s+){0,2}$", text[lo:pos], re.I)
    if pronoun:
        people = [m for m in before if m.entity_kind == "person"]
        if people:
            return [people[0]]
        return [last] if last is not None else []
    if not before:
        if re.match(r"\s*(he|she|they|it)\b", text[lo:pos], re.I) and last is not None:
            return [last]
        return []
    clause = re.split(r"[,;:\"“”]", text[lo:pos])[-1]
    if not any(m.start >= pos - len(clause) for m in before) and re.search(r"[A-Za-z]", _ADVERBIAL.sub("", clause)) \
            and not re.search(r"\b(?:and|but)\s*$", clause) and re.match(
                r"\s*(?:(?:but|and|while|yet|when|after|as|since|because|although|if|before|until|where)\s+)?"
                r"(?:the|a|an|each|every|all|both|neither|two|three|several|some|many|"
                r"other|its|their|local|senior|[a-z]+s|[A-Z])", clause):
        return []  # "..., the two delimitation commissions said": the subject is nobody the tables name
    if re.search(r"\band\s+$", text[lo:pos]) and before:  # "X brought diplomats to Barda and said"
        if re.match(r"\s*(?:he|she|it|they)\b", text[lo:pos], re.I) and last is not None:
            return [last]  # "He condemned Azerbaijan ... and stressed"
        people = [m for m in before if m.entity_kind == "person"]
        return [people[0]] if people else _list_from(text, before)  # "The leaders of X, Y and Z signed ... and said"
    nearest = before[-1]
    for m in before[:-1]:  # "President Ilham Aliyev of Azerbaijan said"
        if m.entity_kind == "person" and re.fullmatch(r"\s+of\s+(?:the\s+)?", text[m.end:nearest.start]):
            return [m]
    chosen = [nearest]
    counted = re.match(r"\s+(?:two|three|four|\d)\s+(?:countries|states|sides|parties)\b", text[nearest.end:pos])
    for m in reversed(before[:-1]):  # "X, Y and Z said": the last link must be "and" ("X, Y, Z three countries")
        link = r"(?:,\s*)?and" if len(chosen) == 1 and not counted else r",|and|, and"
        if re.fullmatch(rf"\s*(?:{link})\s*(?:the\s+)?(?:[A-Z][\w-]*\s+){{0,4}}", text[m.end:chosen[-1].start]):
            chosen.append(m)
        else:
            break
    return list(reversed(chosen))


def _list_from(text: str, before: list[Mention]) -> list[Mention]:
    """The subject list that opens a clause: "the leaders of Russia, Azerbaijan and Armenia" -> all three."""
    chosen = [before[0]]
    for m in before[1:]:
        if not re.fullmatch(r"\s*(?:,|and|, and)\s*(?:the\s+)?", text[chosen[-1].end:m.start]):
            break
        chosen.append(m)
    return chosen


# a body the tables lack, named through an actor: "the emergency situation ministry of Azerbaijan"
_UNNAMED_BODY = re.compile(r"\b(?:ministry|department|committee|agency|council|commission|administration)\s+of\s+"
                           r"(?:the\s+)?$", re.I)
_UNNAMED_PERSON = re.compile(r"\s+(?:[\w'’.-]+\s+){0,3}?(?:diplomats?|officials?|sources?|analysts?|experts?|lawmakers?|"
                             r"MPs?|deputies|journalists?|observers?|residents?|commanders?|officers?|envoys?|"
                             r"sides?|secretary[- ]general|president|prime minister|(?:foreign |defen[cs]e )?minister|"
                             r"ambassador|leader|chief|news agency|agency|media|newspaper|television|tv)\b"
                             r"(?:\s+\w+){0,3}\s*$", re.I)
# verbs whose object is not the reported content: "announced the deal late on Monday" dates the announcing
_OBJECT_VERBS = {"announced", "condemned", "welcomed", "rejected", "denied", "confirmed", "described", "issued",
                 "published", "posted", "supported", "criticised", "criticized", "hailed"}
_ADVERBIAL = re.compile(r"\b(?:also|later|earlier|again|then|separately|jointly|on|in|at|the|this|that|\w+day|"
                        r"yesterday|today|morning|evening|night|week|statement|\d+\w*)\b|\W+", re.I)


def _inverted_speaker(text: str, mentions: list[Mention], verb_end: int, hi: int) -> Mention | None:
    """'..., said Russian Foreign Minister Sergei Lavrov': the actor right after the verb, past a title."""
    for m in mentions:
        if verb_end <= m.start < hi and m.kind == "actor":
            title = text[verb_end:m.start]
            if re.fullmatch(r"\s+(?:(?:the|of|for|and|[A-Z][\w'’.-]*|[a-z]+-[a-z]+)\s+){0,6}", title) \
                    and not re.search(r"\b(?:that|to|of)\s+$", title):
                later = [x for x in mentions if m.end <= x.start < hi and x.kind == "actor" and x.entity_kind ==
                         "person" and re.fullmatch(r"\s+(?:[A-Za-z][\w'’.-]*\s+){0,4}", text[m.end:x.start])]
                # "said Russia's foreign ministry spokeswoman Maria Zakharova": the person, not the ministry
                speaker = later[0] if later and m.entity_kind != "person" else m
                # the speaker phrase ends the clause ("said Lavrov on Saturday."), unlike "said Armenia must"
                tail = re.sub(r"^,[^,]{1,80},", "", text[speaker.end:hi])
                if re.match(r"\s*(?:[.,;:!?]|$|\s(?:on|in|at|during|after|before|told|to|late|early|earlier|later|"
                            r"yesterday|today)\b)", tail):
                    return speaker
            return None
    return None


def _statement_type(verb_type: str | None, sentence: str) -> str:
    lowered = sentence.lower()
    if verb_type == "call":
        if re.search(r"ceasefire|cease fire|stop (?:the )?fighting|halt|truce", lowered):
            return "call_for_ceasefire"
        return "call_for_negotiations"
    if verb_type:
        return verb_type
    if re.search(r"concern", lowered):
        return "concern"
    if re.search(r"condemn", lowered):
        return "condemnation"
    if re.search(r"ceasefire|truce", lowered) and re.search(r"urg|call", lowered):
        return "call_for_ceasefire"
    return "announcement"


def _channel(sentence: str) -> str:
    for channel, pattern in _CHANNELS:
        if re.search(pattern, sentence, re.I):
            return channel
    return "unknown"


def _statement_date(text: str, dates: list[DateMention], speaker: Mention, verb: re.Match, lo: int,
                    hi: int) -> DateMention | None:
    """The date of the act of saying: one between the speaker and the verb, or right after the verb before
    the reported content starts ("said on the 11th that ..."); other dates in the sentence date the content."""
    after = text[lo + verb.end():hi]
    stop = re.search(r"\bthat\b|[,:;\"“”]", after)
    window_end = lo + verb.end() + min(stop.start() if stop else len(after), 60)
    window_start = max(lo, min(speaker.end, lo + verb.start()))  # a pronoun's antecedent may be sentences back
    for d in dates:
        if not window_start <= d.start < window_end:
            continue
        gap = text[lo + verb.end():d.start]
        if d.start < lo + verb.start() and re.search(r",\s*(?:who|which|whose)\b[^,]*$", text[speaker.end:d.start]):
            continue  # "Charles Michel, who hosted both leaders in July, said"
        if d.start < lo + verb.start() or re.fullmatch(
                r"\s*(?:(?:early|late|later|earlier|also|again)\s+)?"
                r"(?:(?:in|at|on|during|through|via|to|with|after|before|from|by|reporters|journalists|the press)"
                r"\b[^,;:\"“”]*)?", gap, re.I) or (verb.group(0).lower() in ("told", "informed", "assured") and re.fullmatch(
                r"\s*(?:\w+\s+){1,6}", gap)) or (verb.group(0).lower() in _OBJECT_VERBS and re.fullmatch(
                r"\s*(?:the|a|an|his|her|its|their)\s+\w+\s+(?:(?:early|late)\s+)?(?:(?:in|on|at|during|via)\b[^,;:\"“”]*)?",
                gap, re.I)):
            return d  # "said on Monday", "said in an interview on Sunday", not "said a strike on the 11th"
    if speaker.start >= lo + verb.end():  # '"...," said Shushan Stepanyan on Monday'
        trailing = [d for d in dates if speaker.end <= d.start < hi and re.fullmatch(
            r"\s*(?:,[^,]{1,80},)?\s*(?:(?:early|late)\s+)?(?:on|in|at)?\s*", text[speaker.end:d.start], re.I)]
        if trailing:
            return trailing[0]
    opening = [d for d in dates if lo <= d.start and d.end <= speaker.start and (
        # "On the same day, a spokesman ... said", "On the 9th the ministry accused"
        re.fullmatch(r"\W*(?:on|in|at)?\s*", text[lo:d.start], re.I)
        and re.fullmatch(r"(?:\s+(?:morning|afternoon|evening|night)|\s+of (?:the same|that) year)?"
                         r"(?:\s*,.*|\s*(?:the\s+)?(?:[A-Z][\w'’.-]*\s+){0,5})", text[d.end:speaker.start], re.S)
        # "Speaking to reporters on Wednesday, Lavrov said", "In a call with Aliyev on Saturday, Erdogan ..."
        or re.fullmatch(r"[^,;:\"“”]{0,100}", text[lo:d.start])
        and re.fullmatch(r"\s*,\s*(?:the\s+)?(?:[A-Z][\w'’.-]*\s+){0,5}", text[d.end:speaker.start]))]
    return opening[0] if opening else None


_CITED = re.compile(r"\s*(?:(?:a|the|an)\s+(?:\w+\s+)?(?:statement|report|data|figures|release|message)\s+"
                    r"(?:[\w-]+\s+){0,5}?(?:by|from|of)\s+)?"
                    r"(?:the\s+)?(?:(?P<topic>(?i:foreign|defen[cs]e|health|interior))\s+(?i:ministries)\s+of\s+"
                    r"(?:the\s+)?)?(?:[A-Z][\w'’.-]*\s+){0,4}")


def _according_to(text: str, mentions: list[Mention], start: int, res: Resolver) -> list[Mention]:
    """Who "according to" cites: "(a statement by) the ministry", "Prime Minister Nikol Pashinyan", and each
    state's body in "the defense ministries of Armenia and Azerbaijan"."""
    lead, first = None, None
    for m in (m for m in mentions if m.kind == "actor" and m.start >= start):
        lead = _CITED.fullmatch(text[start:m.start])
        if lead:
            first = m
            break
    if first is None or re.match(r"\s+(?:[\w'’.-]+\s+){0,2}?(?:news agency|agency|media|newspaper|television|tv)\b",
                                  text[first.end:], re.I):
        return []  # "according to Azerbaijan news agency": a news source
    if not lead.group("topic"):
        return [first]
    cited, cursor = [], first.start
    for m in (m for m in mentions if m.start >= first.start and m.kind == "actor"):
        if m is not first and not re.fullmatch(r"\s*(?:,|and|, and)\s*", text[cursor:m.start]):
            break
        body = res.resolve(f"{m.name}'s {lead.group('topic')} ministry", "actor")
        if body is not None:
            cited.append(Mention(m.start, m.end, m.text, "actor", body.id, body.name, "derived", body.score,
                                 res._index("actor").kinds.get(body.id, "")))
        cursor = m.end
    return cited


def _subject(text: str, mentions: list[Mention], lo: int, pos: int) -> Mention | None:
    """The actor that opens the sentence at LO, past titles: "UN Secretary-General Guterres" -> Guterres."""
    actors = [m for m in mentions if lo <= m.start < pos and m.kind == "actor"]
    if not actors or not re.fullmatch(r"\W*(?:(?:the\s+)?[A-Z][\w'’.-]*\s+){0,4}", text[lo:actors[0].start]):
        return None
    first = actors[0]
    for m in actors[1:2]:
        if m.entity_kind == "person" and first.entity_kind != "person" and re.fullmatch(
                r"(?:['’]s)?\s+(?:[A-Z][\w'’.-]*\s+){0,3}", text[first.end:m.start]):
            return m
    return first


def _first_day(value: str) -> str:
    return value + {1: "-01-01", 2: "-01", 3: ""}[len(value.split("-"))]


def _context_date(text: str, dates: list[DateMention], pos: int, published: dt.date) -> str | None:
    """For a reviewer, when the clause gives no date: the last day named earlier in the same paragraph and
    not after publication ("Lavrov met Bayramov on Friday. He said ..."), a hint, never the statement's date."""
    paragraph = text.rfind("\n\n", 0, pos)
    days = [d.value for d in dates if paragraph < d.start < pos and d.precision == "day"
            and d.value <= published.isoformat()]
    return days[-1] if days else None


def _agents(text: str, mentions: list[Mention], cursor: int) -> tuple[list[Mention], Mention | None]:
    """The agents after a passive verb's "by": "France and the United States"; a spokesperson named after
    the body speaks on its behalf ("by Russia's foreign ministry spokeswoman Maria Zakharova")."""
    agents, on_behalf = [], None
    for m in (m for m in mentions if m.start >= cursor and m.kind == "actor"):
        if agents and m.entity_kind == "person" and re.fullmatch(rf"\s*{_SPOKES.pattern}\s*", text[cursor:m.start],
                                                                 re.I):
            on_behalf, agents[-1] = agents[-1], m
        elif re.fullmatch(r"\s*(?:(?:,|and|, and)\s*)?(?:the\s+)?", text[cursor:m.start]):
            agents.append(m)
        else:
            break
        cursor = m.end
    return agents, on_behalf


def statements(text: str, spans, mentions: list[Mention], dates: list[DateMention], published: dt.date,
               res: Resolver) -> list[dict]:
    out, last_speaker, previous = [], None, (0, 0)
    for lo, hi in spans:
        # "He"/"She" is the previous sentence's subject if it opens with a person, else the last speaker
        opener = next((m for m in mentions if previous[0] <= m.start < previous[1] and m.kind == "actor"), None)
        if opener is not None and opener.entity_kind == "person" and previous[1] > 0:
            last_speaker = opener
        previous = (lo, hi)
        sentence = text[lo:hi]
        seen: set[str] = set()
        content_from = None  # where the words of the sentence's first statement begin
        for verb in _VERB.finditer(sentence):
            pos = lo + verb.start()
            trailing = re.search(r",\s*[^,;:]{0,60}$", text[content_from or lo:pos]) and \
                re.fullmatch(r"[^,;:]{0,60}", text[pos:hi])  # "..., the Russian Foreign Ministry said in a statement."
            if content_from is not None and not trailing and not re.search(
                    r"[;:]|,\s*(?:while|but|and|whereas)\b|[\"”],?\s", text[content_from:pos]):
                continue  # "Dujarric said that Guterres welcomes ...": reported inside another statement
            if verb.group(0).lower() in ("issued", "published") and not _ISSUED.search(sentence):
                continue  # "issued a decree" reports no words
            agent = re.match(r"\s+by\s+", sentence[verb.end():])
            passive = agent is not None or re.search(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+|also\s+)?$",
                                                     sentence[:verb.start()]) or (
                verb.group(0).lower() in ("accused", "blamed", "condemned", "criticised", "criticized")
                and re.match(r"\s+(?:of|for)\b", sentence[verb.end():]))  # "with Armenia accused of ..."
            on_behalf = None
            if passive:  # "was condemned by France and the United States": the agents after "by" speak
                speakers, on_behalf = _agents(text, mentions, lo + verb.end() + agent.end()) if agent else ([], None)
            elif re.fullmatch(r"\w+ing(?: on| for)?", verb.group(0).lower()):
                # a participle after the main clause: its subject opens the sentence
                subject = _subject(text, mentions, lo, pos)
                speakers = [subject] if subject is not None and re.search(r",\s*(?:again\s+|also\s+)?$",
                                                                           sentence[:verb.start()]) else []
            elif verb.group(0).lower() == "according to":
                speakers = _according_to(text, mentions, lo + verb.end(), res)
            else:
                inverted = _inverted_speaker(text, mentions, lo + verb.end(), hi) \
                    if re.search(r"[,\"”’]\s*$", sentence[:verb.start()]) else None  # '..., said Hajiyev'
                speakers = [inverted] if inverted else _speakers(text, mentions, pos, lo, last_speaker)
            spokes = None if passive else _SPOKES.search(sentence[:verb.start()])
            if spokes:
                owner = _nearest_before(mentions, lo + spokes.start(), lo)
                named = _nearest_before(mentions, min(pos, lo + spokes.end() + 40), lo + spokes.end(), ("actor",))
                if named is not None and named.entity_kind != "person":
                    named = None
                if owner is not None and owner.entity_kind == "person" and re.fullmatch(
                        r"\s*,\s*(?:the|a|an)?\s*", sentence[owner.end - lo:spokes.start()]):
                    # "Vahram Poghosyan, the spokesman of leader Arayik Harutyunyan, said"
                    speakers, on_behalf = [owner], named
                elif owner is not None:
                    on_behalf = owner
                    speakers = [named if named is not None and named.id != owner.id else owner]
            elif re.search(r"through (?:a|his|her|its) spokes", sentence, re.I) and speakers:
                on_behalf = speakers[0]
            if verb.group(0).lower() == "pledged" and len(speakers) > 1:
                continue  # "Armenia and Azerbaijan pledged to ...": an agreement, not a statement
            speakers = [m for m in speakers if m.entity_kind != "media_outlet"]  # a news source, never a speaker
            for speaker in speakers:
                if speaker.id in seen:
                    continue
                seen.add(speaker.id)
                date = _statement_date(text, dates, speaker, verb, lo, hi)
                out.append({"start": lo, "end": hi, "verb": verb.group(0), "verb_start": pos,
                            "speaker_id": speaker.id, "speaker": speaker.name,
                            "on_behalf_of_id": on_behalf.id if on_behalf and on_behalf.id != speaker.id else None,
                            # statements store a day: "said in December" is the 1st (GUIDE.md)
                            "date": _first_day(date.value) if date else published.isoformat(),
                            "date_from": "text" if date else "publication",
                            "context_date": None if date else _context_date(text, dates, pos, published),
                            "channel": _channel(sentence),
                            "type": _statement_type(VERBS[verb.group(0).lower()], sentence)})
            if speakers:
                last_speaker = speakers[-1]
            if content_from is None and not passive and verb.group(0).lower() != "according to" and (
                    speakers or re.match(r"\s+(?:that\s+)?(?:the\s+)?[A-Z]", sentence[verb.end():])):
                # what follows is what was said: "The text also said Armenia and Azerbaijan reaffirmed ..."
                content_from = lo + verb.end()
    return out
