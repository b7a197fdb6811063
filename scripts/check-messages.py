#!/usr/bin/env python3
"""Walks every error message written in the C sources and checks both languages.

A message is the pair of zh-CN and English texts given to kh_err_set, kh_err_add(f),
kh_err_setf, kh_err_wrap or http_reply_error. For each call whose texts are
string literals: both must be present, and the English one must hold no
CJK character (Chinese reaches an English message only as an argument,
i.e. quoted user data). Prints each violation; exits 1 if any.

It also checks the labels the server sends to the UI: the {"code", "中文",
"English"} triples of audit actions, permissions and choice lists, the
`.label_zh`/`.label_en` of capabilities, and the zh-CN/English units and
labels of settings (struct kh_setting): both present, English without CJK.
The web UI's own messages are checked by scripts/check-web-messages.mjs.
Usage: scripts/check-messages.py [--list] [files...]  (default: src/**/*.c)
"""
import glob
import re
import sys

# call name -> index of the zh-CN text among its arguments (English follows it)
CALLS = {"kh_err_set": 3, "kh_err_setf": 3, "kh_err_wrap": 3, "http_reply_error": 4,
         "kh_err_add": 2, "kh_err_addf": 2}
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def split_args(src, start):
    """Arguments of the call whose '(' is at src[start]; returns (args, end)."""
    args, depth, cur, i = [], 0, [], start + 1
    while i < len(src):
        c = src[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < len(src) and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            cur.append(src[i:j + 1])
            i = j + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                args.append("".join(cur).strip())
                return args, i
            depth -= 1
        elif c == "," and depth == 0:
            args.append("".join(cur).strip())
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    return args, i


LITERAL = re.compile(r'^(\s*"(?:[^"\\]|\\.)*"\s*)+$')


def literal_text(arg):
    """The text of an argument made only of string literals, else None."""
    if not LITERAL.match(arg):
        return None
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', arg)
    return "".join(parts)


def conversions(fmt):
    """How many arguments a printf format takes (%% takes none)."""
    return len(re.findall(r"%(?!%)[-+ #0-9.]*(?:l{1,2}|z)?[sdiux]", fmt.replace("%%", "")))


TRIPLE = re.compile(r'\{\s*"([a-z][a-z0-9_.\-]*)"\s*,\s*"((?:[^"\\]|\\.)*)"\s*,\s*"((?:[^"\\]|\\.)*)"\s*\}')
LABEL_EN = re.compile(r'\.label_en\s*=\s*"((?:[^"\\]|\\.)*)"')
SETTING = re.compile(r'const struct kh_setting \w+\s*=\s*\{([^;]*)\};')


def check_labels(path, src, listing):
    """The labels sent to the UI; returns (checked, wrong)."""
    count = bad = 0
    found = []
    for m in TRIPLE.finditer(src):
        if CJK.search(m.group(2)) or CJK.search(m.group(3)):
            found.append((m.start(), m.group(1), m.group(2), m.group(3)))
    for m in LABEL_EN.finditer(src):
        found.append((m.start(), ".label_en", "-", m.group(1)))
    for m in SETTING.finditer(src):
        texts = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))
        if len(texts) == 5:  # key, unit zh, unit en, label zh, label en
            found.append((m.start(), texts[0] + " unit", texts[1], texts[2]))
            found.append((m.start(), texts[0], texts[3], texts[4]))
    for pos, what, zh, en in found:
        count += 1
        line = src.count("\n", 0, pos) + 1
        if listing:
            print(f"{path}:{line}\t{zh}\t{en}")
        if not zh or not en:
            print(f"messages: {path}:{line}: label {what}: a text in one language only")
            bad += 1
        elif CJK.search(en):
            print(f"messages: {path}:{line}: label {what}: the English text holds Chinese: {en}")
            bad += 1
    return count, bad


def main(argv):
    listing = "--list" in argv
    files = [a for a in argv if not a.startswith("--")] or sorted(glob.glob("src/**/*.c", recursive=True))
    bad = count = 0
    call = re.compile(r"\b(" + "|".join(CALLS) + r")\s*\(")
    for path in files:
        src = open(path, encoding="utf-8").read()
        c, b = check_labels(path, src, listing)
        count += c
        bad += b
        for m in call.finditer(src):
            name = m.group(1)
            line = src.count("\n", 0, m.start()) + 1
            prefix = src[max(0, m.start() - 40):m.start()]
            if re.search(r"(enum kh_status|void)\s+$", prefix):
                continue  # the definition or declaration, not a call
            args, _ = split_args(src, m.end() - 1)
            k = CALLS[name]
            if len(args) <= k + 1:
                continue
            zh, en = literal_text(args[k]), literal_text(args[k + 1])
            if zh is None and en is None:
                continue  # texts passed through (an inner error's), checked where they are made
            count += 1
            if listing:
                print(f"{path}:{line}\t{zh}\t{en}")
            where = f"{path}:{line}: {name}"
            if zh is None or en is None:
                print(f"messages: {where}: one language is a literal and the other is not")
                bad += 1
            elif (zh == "") != (en == ""):
                print(f"messages: {where}: a text in one language only")
                bad += 1
            elif CJK.search(en):
                print(f"messages: {where}: the English text holds Chinese: {en}")
                bad += 1
            elif name == "kh_err_setf" and len(args) - (k + 2) != conversions(zh) + conversions(en):
                # Each language takes its own arguments: the Chinese ones, then the English ones.
                print(f"messages: {where}: {len(args) - (k + 2)} arguments for "
                      f"{conversions(zh)} + {conversions(en)} conversions")
                bad += 1
    if not listing:
        print(f"messages: {count} checked, {bad} wrong", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
