"""The word sets and code tables with which the event readers interpret a parse."""

from __future__ import annotations

ADJUNCT_CLAUSES = frozenset({"advcl", "relcl", "acl"})
SUBJECTS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
OBJECTS = frozenset({"dobj", "dative", "attr", "oprd"})
TARGET_PREPOSITIONS = frozenset({"with", "on", "against", "to", "toward", "towards", "at", "into",
                                 "upon", "for", "from", "over", "of", "in", "between", "about"})
# Prepositions that name what an act is aimed at ("strikes on depots", "a ban on imports").
AIMED_PREPOSITIONS = frozenset({"on", "against", "at", "into", "upon"})
# Nouns through which a target is reached: "a resumption of ties with Osgiliath".
CARRIER_PREPOSITIONS = frozenset({"of"})
FORCE_ROOTS = frozenset({"16", "17", "18", "19", "20"})
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout",
                                "through"})
# Before a country these say where, not to whom ("killed in Ukraine"); "at" and "on" say to whom.
WHERE_PREPOSITIONS = frozenset({"in", "near", "outside", "inside", "across", "throughout"})
OTHER_TIMES = frozenset({"since", "after", "before", "following", "until", "till", "prior"})
"""Prepositions of a phrase that tells of another occasion than its clause's ("talks since the
invasion"): the clause's place is not that occasion's."""
# Prepositions that give a cause ("over the offensive"): a target only when nothing else is.
REASON_PREPOSITIONS = frozenset({"over"})
# "a target southwest of Baghdad": a bearing from a place says where, never to whom.
BEARINGS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast",
                      "southwest", "north-east", "north-west", "south-east", "south-west"})
RIOT_CODES = frozenset({"180", "182", "190", "171", "1712"})
PROTEST_CROWDS = ("protester", "protestor", "demonstrator", "rioter", "crowd", "mob")
PROTEST_ROOT = "14"
CROWD_NOUNS = frozenset({"people", "person", "crowd", "hundred", "thousand", "million", "dozen",
                         "resident", "citizen", "inhabitant", "local", "villager", "townspeople"})
"""Nouns for a crowd told by its size or as mere people: as a protest's doer, unnamed civilians."""
CIVILIANS = "CVL"
CIVILIAN_SECTORS = frozenset({"CVL", "AGR", "EDU", "LAB"})
"""Sectors of unnamed people who bear no arms and hold no office: their gatherings protest."""
CIVILIAN_PROTEST_CODES = {"040": "141", "113": "141", "129": "144", "191": "144", "192": "144"}
"""Gathering, rallying against, blocking, blockading and occupying, done by civilians: protests."""
GATHERING_VERBS = frozenset({"gather", "assemble", "converge", "mass", "congregate"})
OBSTRUCTION = "144"
STATE_BLOCKADE = "191"
# Sectors of people who bear arms: harming them is fighting, not assault.
ARMED_SECTORS = frozenset({"MIL", "REB", "UAF", "INS", "SPY"})
HOME_SECTORS = frozenset({"COP", "OPP", "LEG", "JUD", "PTY", "AGR", "LAB", "EDU", "CVL", "HLH",
                          "REL", "REB"})
"""Sectors whose unnamed members act where they live: "police in Tbilisi" are Georgia's."""
QUANTITY_NOUNS = frozenset({"hundred", "thousand", "million", "dozen", "score", "crowd", "group",
                            "number", "handful", "band", "team", "couple", "majority", "tens"})
"""Nouns that count the actors of their "of" phrase: "hundreds of farmers"."""
POLITICAL_ROOTS = frozenset({"01", "02", "03", "05", "06", "07", "08", "10", "11", "12", "13",
                             "16"})
"""Acts aimed at a government when aimed at its capital; visits, protests and force are not."""
CALLING_ROOTS = frozenset({"02", "10"})
ASKING_ROOTS = CALLING_ROOTS
"""Appeals and demands: the act they ask for (their xcomp or ccomp) has not been done."""
REJECT_ROOT = "12"
ASKED_CLAUSES = frozenset({"xcomp", "ccomp", "acl"})
MANDATIVE = frozenset({"should", "to", "be"})
"""Auxiliaries of a clause that asks ("that it should withdraw", "that troops be withdrawn")."""
GERUND_PREPOSITIONS = frozenset({"after", "by", "while", "when", "upon", "on", "in"})
"""Prepositions of a gerund that shares its main clause's doer: "after meeting the emir" ("before
leaving for Beijing" tells an act still to come, so it is left alone)."""
CLIMBING_RELATIONS = frozenset({"prep", "advcl", "ccomp", "conj"})
CLAUSE_CLIMB = 3
"""How many clauses up a subjectless participle looks for its doer."""
GIVEN_ROOTS = frozenset({"01", "02", "03", "05", "07", "10", "11", "12", "13"})
"""Acts said or given (statements, appeals, intents, support, aid, demands, criticism, rejections,
threats): as event nouns, their "from" phrase names the doer ("criticism from Brazil")."""
"""Appeals and demands: what they call for somewhere is aimed at that place's country."""
WEAPONS = frozenset({"drone", "missile", "tank", "bomber", "gunship", "warplane", "warship",
                     "jet"})
"""Weapons stand for an armed force only with an owner: "Russian drones", not "drones"."""
AUTHORITIES = frozenset({"GOV", "COP", "JUD", "LEG"})
"""Sectors of a state's own authorities, who deal mostly with their own people."""
TRAVELLERS = frozenset({"tourist", "migrant", "immigrant", "passenger", "hostage", "visitor"})
MISHAPS = frozenset({"crash", "accident", "collision", "earthquake", "flood", "flooding", "storm",
                     "hurricane", "typhoon", "cyclone", "landslide", "avalanche", "disease",
                     "illness", "heatwave", "drought", "wildfire", "derailment", "stampede"})
LAND_NOUNS = frozenset({"region", "province", "territory", "city", "town", "village", "district",
                        "oblast", "county", "coast", "capital", "area", "soil", "airspace",
                        "waters", "enclave", "port", "island", "countryside"})
"""Nouns for land, whose owner is named as a country, not as a government."""
PLACE_PARTS = frozenset({"outskirts", "centre", "center", "part", "edge", "heart", "suburbs",
                         "vicinity", "border"})
# Verbs of which an event noun can be the subject: "talks have commenced", "the war ended".
HAPPENING_VERBS = frozenset({"commence", "begin", "start", "continue", "resume", "take", "end",
                             "open", "break", "collapse", "stall", "fail", "conclude", "occur",
                             "happen", "erupt", "break out", "intensify", "escalate", "follow",
                             "come", "go", "enter", "produce", "yield", "last"})
MODIFIERS = frozenset({"amod", "compound", "nmod", "poss", "appos", "npadvmod"})
# Clauses below a verb that are events of their own, not part of the verb's phrase.
OWN_CLAUSES = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "ccomp", "advcl", "conj",
                         "parataxis", "relcl", "acl", "cc", "punct", "mark", "expl"})
SPEECH = frozenset({"say", "tell", "claim", "report", "announce", "state", "allege", "add",
                    "insist", "note", "declare", "reiterate", "stress", "assert", "write",
                    "believe", "think", "confirm", "suggest", "indicate", "warn", "argue"})
# Verbs of attitude whose reported clause says whom the attitude is about.
STANCE = frozenset({"hope", "express", "fear", "doubt", "expect", "welcome", "regret", "praise",
                    "criticize", "criticise", "accuse", "allege", "deny", "acknowledge", "admit"})
INTENT = frozenset({"want", "plan", "intend", "seek", "hope", "aim", "try", "attempt", "prepare",
                    "wish", "propose", "offer", "expect", "schedule", "set", "mean", "consider",
                    "decide", "agree", "promise", "pledge", "vow", "threaten", "need", "urge",
                    "ask", "call"})
INTENT_NOUNS = frozenset({"possibility", "prospect", "plan", "proposal", "intention", "idea",
                          "chance", "offer", "hope", "option", "bid", "attempt", "threat",
                          "readiness", "willingness", "call", "demand", "request", "invitation",
                          "appeal", "plea"})
HYPOTHETICAL = frozenset({"could", "would", "might", "may", "should", "can", "must", "ought"})
FUTURE = frozenset({"will", "shall", "'ll", "wo"})
AWAITING = frozenset({"before", "until", "till"})
"""Marks of a clause whose present tense tells what is still to come."""
CONDITIONS = frozenset({"if", "unless", "whether"})
NEGATIONS = frozenset({"not", "n't", "never", "no", "nor"})
# "jointly built", "a joint operation", "combined patrols": parties of two countries acting
# together cooperate (CAMEO 060), whatever else the act is; a joint statement is only speech.
JOINT_ADVERBS = frozenset({"jointly", "together"})
JOINT_ADJECTIVES = frozenset({"joint", "combined"})
JOINT_MANNER = frozenset({"in", "during", "through", "under", "by", "via"})
JOINT_SPEECH = frozenset({"statement", "declaration", "communique", "communiqué", "letter", "appeal",
                          "call", "conference", "briefing", "press", "op-ed", "article", "warning"})
COOPERATION_CODE = "060"
# A contest in sport ("beat Argentina in the final", "the clash in the Cup qualifier") is no use
# of force: the words that place a verb or event noun of force in a game.
SPORTS_WORDS = frozenset({"match", "game", "final", "semi-final", "semifinal", "quarter-final",
                          "quarterfinal", "tournament", "cup", "league", "championship", "fixture",
                          "derby", "friendly", "qualifier", "olympics", "wicket", "medal", "trophy",
                          "title", "scoreline", "innings", "playoff", "play-off", "goalless"})
"""Contest words only: a sport's name may describe a place ("attacked a football stadium")."""
LIGHT_VERBS = frozenset({"hold", "have", "conduct", "launch", "carry", "stage", "make", "pay",
                         "begin", "start", "resume", "open", "commence", "continue", "mount",
                         "undertake", "host", "attend", "join", "order", "announce", "end",
                         "finish", "conclude", "wrap", "complete", "suspend", "take", "see"})
# Verbs whose subject gets what the action gives: the "from" actor did it.
RECEIVING = frozenset({"receive", "get", "obtain", "accept", "win", "secure"})
# "killed in Israeli shelling": the harm is told by the verb, the event by the noun.
HARM_VERBS = frozenset({"kill", "die", "injure", "wound", "destroy", "damage", "hit", "hurt",
                        "flee", "displace", "evacuate"})
# Intent to do something is coded as the intent, the way CAMEO does: "wants to help" is an
# intent to give aid (03x), "wants to attack" a threat (13x). Commitments ("agreed to lift") keep
# the action's code and are marked intended.
INTENT_RECODING = frozenset({"want", "plan", "intend", "seek", "hope", "aim", "wish",
                             "propose", "offer", "mean", "possibility", "prospect", "plan",
                             "proposal", "intention", "idea", "readiness", "willingness",
                             "threaten", "threat",
                             # Commissives: a promise of an act is an intent (03x), of force a threat (13x).
                             "vow", "pledge", "promise", "swear"})
INTENT_CODES = {"04": "036", "040": "036", "041": "036", "042": "036", "043": "036",
                "044": "036", "045": "039", "046": "036", "05": "032", "057": "037",
                "06": "031", "061": "0311", "062": "0312", "063": "0313", "064": "0314",
                "07": "033", "071": "0331", "072": "0332", "073": "0333", "074": "0334",
                "08": "035", "081": "0351", "082": "0352", "084": "0353", "0841": "0353",
                "0842": "0353", "085": "0354", "086": "0355", "087": "0356",
                "14": "133", "16": "131", "161": "1313", "162": "1311", "163": "1312",
                "17": "137", "18": "1383", "19": "138", "191": "1381", "192": "1382",
                "190": "1384", "193": "1384", "194": "1384", "195": "1384", "20": "1385"}
# Refusing cooperation is a rejection in CAMEO: "refused to send any aid" is 12x.
REFUSAL_CODES = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "121", "08": "124",
                 "084": "1243", "0841": "1243", "0842": "1243", "085": "1244", "081": "1241",
                 "086": "1245", "087": "1246", "061": "1211", "062": "1212"}
# A statement whose content denies an option is a rejection: "X said talks were not an option".
REFUSED_OPTIONS = frozenset({"option", "acceptable", "possible", "negotiable", "question",
                             "alternative", "solution"})
UNACCEPTABLE = frozenset({"unacceptable", "impossible", "inadmissible", "non-negotiable"})
REJECT_CODE = "120"
# "X asked Y to ...": an appeal to Y (CAMEO 02), whatever Y is asked to do.
# Verbs whose to-clause after an object tells the subject's purpose, not the object's act.
PURPOSE_HEADS = frozenset({"summon", "call", "convene", "recall", "visit", "meet", "host", "receive",
                           "use", "deploy", "send"})
REQUEST_VERBS = frozenset({"ask", "urge", "want", "request", "implore", "beg", "press", "exhort"})
APPEAL_ROOT = "02"
APPEAL_CODE = "020"
# Reported violence by another party makes the report an accusation: threats, protests,
# coercion, assault, fighting and mass violence.
UNDER_FIRE = frozenset({"fire", "attack", "shelling", "bombardment", "assault", "gunfire",
                        "barrage", "siege"})
"""What one "comes under": an attack aimed at the subject."""
FIRE_CODE = "190"
PREVENTING = frozenset({"bar", "prevent", "stop", "block", "ban", "prohibit", "keep", "deter",
                        "dissuade", "discourage", "forbid"})
"""Verbs whose "from" clause tells what does not happen: "barred ships from entering"."""
OWN_FORCE_ROOTS = frozenset({"08", "15"})
OWN_FORCE_SECTORS = frozenset({"MIL", "REB", "UAF", "INS", "SPY", "COP"})
"""Forces (police too) that a subject sends, moves or pulls back without an owner named are its own."""
BOUNDARY_NOUNS = frozenset({"border", "frontier", "boundary", "borderline", "coast", "coastline",
                            "waters", "water", "shore", "borderland"})
"""Where one country meets another: forces sent to "the Chinese border" face China."""
BOUNDARY_PREPOSITIONS = frozenset({"to", "toward", "towards", "near", "along", "on", "at", "off",
                                   "across", "by", "into", "close"})
"""Yielding and force posture: unowned forces moved by the subject are its own."""
ASSAULT_ROOTS = frozenset({"18", "19", "20"})
"""Event nouns that, as the subject of a harm verb, are the event the verb's harm tells."""
VIOLENT_ROOTS = frozenset({"13", "14", "15", "16", "17", "18", "19", "20"})
ACCUSE_CODE = "112"
ACCUSE_AGGRESSION = "1123"
INCIDENT_STATEMENT_ROOTS = frozenset({"01"})
"""Statements (sympathy, responsibility, regret) aimed at the place of the incident they are about."""
INCIDENT_PREPOSITIONS = frozenset({"for", "over", "about", "at", "on"})
DOCUMENT_NOUNS = frozenset({"report", "statement", "communique", "communiqué", "study", "document",
                            "dossier", "declaration", "letter", "memo", "bulletin"})
"""Nouns for texts that speak for whoever issued them."""
CLAIM_CODE = "015"
CLAIMING = frozenset({"claim", "admit", "acknowledge", "confess"})
DENYING = frozenset({"deny", "dispute", "reject", "refute", "dismiss"})
TURNING_DOWN = frozenset({"ignore", "rebuff", "spurn", "refuse", "resist", "brush", "decline"})
"""Verbs, beside the denying ones, with which a subject turns down what others call for."""
CALLS = frozenset({"call", "demand", "appeal", "request", "plea", "proposal", "offer", "push",
                   "pressure", "suggestion", "idea", "plan", "initiative", "overture"})
"""Nouns for what others ask of the subject: "calls for a ceasefire"."""
VOICING = frozenset({"renew", "repeat", "reiterate", "issue", "echo", "voice", "step", "lead",
                     "press", "intensify", "redouble", "sound", "lodge", "add", "deliver"})
"""Verbs with which a subject makes a call its own: "renewed calls for talks"."""
# Cooperation that parties named together with no one else do with each other: intent to
# cooperate, consultation, diplomatic and material cooperation.
SHARED_ROOTS = frozenset({"03", "04", "05", "06"})
# ... except where one side acts and the other receives: two visitors, hosts or mediators named
# together did not visit, host or mediate each other.
UNSHARED_CODES = frozenset({"042", "043", "044", "045"})
# Actions that are reciprocal by their meaning: "X and Y exchanged prisoners", "swapped fire".
EXCHANGE_WORDS = frozenset({"exchange", "swap", "trade"})
RECIPROCAL_OBJECTS = frozenset({"each other", "one another"})
"""Objects that make coordinated subjects each other's targets: "X and Y blamed each other"."""
# Verbs whose object is what is talked about, not whom: "discussed the embassies".
TOPIC_VERBS = frozenset({"discuss", "debate", "negotiate", "review", "address", "examine"})
# "failed to capture", "declined to join talks": the governed action did not happen.
FAILING = frozenset({"fail", "refuse", "decline"})
# Verbs whose reported clause names the one the demand or order is aimed at.
# Nouns for what one party presses on another: yielding to, accepting or rejecting one is aimed at
# whoever made it ("bowed to opposition demands", "the doctors' demands", "pressure from traders").
DEMAND_NOUNS = frozenset({"demand", "call", "pressure", "request", "appeal", "plea", "ultimatum",
                          "condition", "insistence", "grievance"})
DEMAND_OWNER_PREPOSITIONS = frozenset({"from", "by", "of"})
CONDITION_MARKS = frozenset({"if", "unless"})
CONDITION_DEPTH = 4
"""How many verbs up from a threatened act its condition may hang ("warned it would strike if")."""
THREAT_ROOT = "13"
ARRIVAL_VERBS = frozenset({"arrive", "reach", "land"})
"""Verbs of goods arriving: with supplies as their subject, aid ("supplies reached Gaza")."""
SHIPMENT_NOUNS = frozenset({"shipment", "consignment", "delivery", "batch", "cargo", "planeload",
                            "shipload", "convoy", "package", "tranche"})
"""Nouns that count goods sent: arms arriving in one are delivered, not fired."""
AID_CODE = "070"
ARMS_AID_CODE = "072"
DEPLOY_CODE = "154"
INVITING = frozenset({"invite"})
"""Verbs of inviting: the invitation is the event, the act it proposes (its xcomp) has not happened."""
DESTINATION_PREPOSITIONS = frozenset({"to", "toward", "towards"})
WITHDRAWAL = "087"
"""CAMEO's de-escalation and withdrawal (087x): aimed at the country the forces leave."""
LEFT_PREPOSITIONS = frozenset({"from", "out"})
LEAVING_CODES = ("087", "0831")
"""Withdrawing, pulling out or quitting: from an organisation, a reduction of relations (160)."""
ORGANISATION_PREFIX = "IGO"
LEFT_ORGANISATION_CODE = "160"
LEAVING_VERBS = frozenset({"leave", "exit", "abandon", "vacate"})
"""Verbs of leaving: an event only for an organisation left or forces leaving."""
FORCES_LEFT_CODE = "0874"
DEMANDING = frozenset({"demand", "insist", "order", "urge", "request", "require"})
# Relations by which a preposition or particle of a pattern belongs to the trigger's phrase.
PARTICLE_RELATIONS = frozenset({"prep", "prt", "agent", "dative", "advmod"})
DATELINE_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
# Nouns for those who stand in a relation to someone: "Ukraine's backers" are not Ukraine.
RELATIONAL_NOUNS = frozenset({"backer", "ally", "partner", "supporter", "neighbour", "neighbor",
                              "enemy", "critic", "friend", "foe", "rival", "opponent", "adversary",
                              "sponsor", "patron", "creditor", "donor", "detractor"})
# Nouns that stand for an actor named before, so a pronoun after them may still mean it.
ACTOR_STAND_INS = frozenset({"country", "nation", "state", "side", "party", "alliance", "bloc",
                             "kingdom", "republic", "organisation", "organization", "union"})
# Event nouns that name a stretch of another event: "a new round of talks".
EPISODE_NOUNS = frozenset({"round", "session", "series", "day", "week", "resumption"})
# Bare verbs that CAMEO reads as events only with a party as object or a reported clause:
# "supported Rohan" is aid, "supports the idea" is none; "acknowledged that ..." is a claim;
# "approved Finland's bid" endorses a party, "approved a law" is none.
ARGUMENT_VERBS = frozenset({"support", "acknowledge", "approve"})
WARNING_VERBS = frozenset({"warn", "caution"})
"""Bare verbs of warning: a threat only when aimed at someone."""
EXPULSION = "174"
JUDICIAL_HANDOVER = "063"
"""Suspects handed to another state's justice, like those expelled, are no people of the state doing it."""
"""Expelling or deporting people: those it targets are foreigners to the state doing it."""
PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
GROUP_PRONOUNS = frozenset({"it", "its", "they", "them", "their", "theirs", "we", "our", "us"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
CONFIDENCE_BASE = 0.45
CONFIDENCE_PER_ACTOR = 0.2
CONFIDENCE_PER_WORD = 0.05
CONFIDENCE_NOMINAL = 0.1
CONFIDENCE_PRONOUN = 0.1
CONFIDENCE_CEILING = 0.95
