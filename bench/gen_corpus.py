#!/usr/bin/env python3
"""Write a synthetic blog of N posts for the build benchmark (bench/run.py).

    python bench/gen_corpus.py OUTDIR N [--seed S] [--irrtsite]

Each post is Markdown with YAML front matter (title, date, author, tags, summary) and reads
like a post of a librarians' association's blog: 600-900 words of paragraphs with emphasis,
links and inline code, level-2 and level-3 headings, a bulleted or numbered list and a
blockquote. Every 10th post also has a table, every 20th a fenced code block; every post has
a sentence of Spanish or French, and every 5th a line of Chinese, Japanese, Korean or Arabic.
About one title in seven is in Spanish or French.

Layouts:

- plain (the default): OUTDIR/posts/NNNN-slug.md, for Pelican and Hugo (run.py converts them);
- ``--irrtsite``: an irrtsite content tree, OUTDIR/content/site.yaml (time zone UTC) and
  OUTDIR/content/blog/YYYY-MM-DD-slug-N.md (the number keeps slugs unique).

Post i (1-based) depends only on the seed and i, so the first 1,000 posts of a 5,000-post
corpus are the 1,000-post corpus, and both layouts hold the same posts. Files already in the
folder are left alone: start from an empty OUTDIR. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

TAGS = [
    "accessibility",
    "advocacy",
    "archives",
    "cataloguing",
    "children's services",
    "collection development",
    "conferences",
    "copyright",
    "digital preservation",
    "digitisation",
    "e-books",
    "funding",
    "information literacy",
    "interlibrary loan",
    "international exchange",
    "library buildings",
    "linked data",
    "mentoring",
    "metadata",
    "open access",
    "oral history",
    "privacy",
    "public libraries",
    "rare books",
    "reading promotion",
    "research data",
    "school libraries",
    "sister libraries",
    "bibliotecas públicas",
    "bibliothèques universitaires",
    "MARC 21",
]

AUTHORS = [
    "Abena Mensah",
    "Carmen Villalobos",
    "Élodie Marchand",
    "Kristín Jónsdóttir",
    "Anjali Deshpande",
    "Youssef Benali",
    "Sato Yuki",
    "Niamh Gallagher",
    "Grzegorz Wiśniewski",
    "Liu Fang",
    "Astrid Lindqvist",
    "Oluwaseun Bello",
    "Mateo Giménez",
]

OPENERS = [
    "What we learned from",
    "A field report on",
    "Getting started with",
    "Ten years of",
    "The case for",
    "Questions about",
    "Behind the scenes of",
    "Making room for",
    "A closer look at",
    "Funding",
    "Teaching",
    "Planning for",
]

SUBJECTS = [
    "shared cataloguing",
    "controlled vocabularies",
    "collection weeding",
    "the information desk",
    "open access agreements",
    "digitisation projects",
    "makerspaces",
    "holiday reading clubs",
    "consortium licences",
    "web archiving",
    "reader privacy",
    "discovery services",
    "reference managers",
    "manuscript conservation",
    "oral history interviews",
    "national bibliographies",
    "inventory days",
    "research data services",
    "large-print collections",
    "volunteer tutors",
    "branch refurbishments",
    "fine-free borrowing",
    "exchange visits abroad",
]

ENDINGS = [
    "notes from our members",
    "the first year",
    "a report from the field",
    "one library's story",
    "what the survey found",
    "the working group's findings",
    "your questions answered",
    "further reading",
    "where we go from here",
    "a checklist",
]

_WORDS = """
library libraries librarian librarians reader readers borrower borrowers member members
catalogue catalogues record records collection collections archive archives item items
branch branches shelf shelves volume volumes journal journals article articles issue issues
series edition editions metadata schema schemas standard standards vocabulary heading
headings authority authorities access service services staff team teams volunteer
volunteers committee committees community communities programme programmes workshop
workshops survey surveys budget budgets grant grants policy policies licence licences
vendor vendors platform platforms system systems search discovery index subject subjects
preservation conservation storage format formats file files workflow workflows project
projects pilot review reviews report reports year years month months week weeks session
sessions training practice practices question questions answer answers evidence data
research researcher researchers student students teacher teachers school schools
university universities public local regional national shared open free new old rare
special careful steady growing small large recent current future early late annual
quarterly monthly weekly many several few most some every each our their its this that
these those we they it better clearer simpler faster more less often rarely always
usually also still however because while although when where after before during across
within through together carefully improve improves improved support supports supported
describe describes described share shares build builds plan plans planned measure
measures measured publish publishes published borrow borrows borrowed lend lends lent
visit visits visited read reads include includes included need needs needed find finds
found keep keeps kept change changes changed help helps helped use uses used make makes
made welcome welcomes welcomed train trains trained
"""
VOCABULARY = _WORDS.split()

SPANISH = [
    "La biblioteca municipal abrió una nueva sala de estudio para estudiantes y familias.",
    "Los bibliotecarios de la red regional comparten registros bibliográficos cada semana.",
    "¿Qué lugar ocupa la biblioteca escolar en la formación de lectores críticos?",
    "El fondo antiguo se digitalizó gracias a una subvención del ministerio de cultura.",
    "Más de doscientas personas asistieron al club de lectura durante el verano.",
    "La red de bibliotecas rurales necesita un presupuesto estable y personal formado.",
]

FRENCH = [
    "La bibliothèque de quartier accueille chaque samedi un atelier d'écriture.",
    "Les notices du catalogue commun sont désormais publiées en données ouvertes.",
    "Comment former les usagers à l'évaluation des sources d'information en ligne ?",
    "Le fonds patrimonial a été numérisé avec l'aide de la région.",
    "Nos collègues québécois ont présenté leur programme d'alphabétisation.",
    "La conservation des journaux anciens demande des conditions climatiques stables.",
]

OTHER_SCRIPTS = [
    "公共图书馆为每一位读者提供免费的借阅服务。",
    "我们的馆际互借网络今年覆盖了三十个城市。",
    "学校図書館は子どもたちの読書習慣を育てます。",
    "地域の歴史資料をデジタル化して公開しました。",
    "작은 도서관이 마을 공동체의 중심이 되었습니다.",
    "تستقبل المكتبة الوطنية الباحثين من جميع أنحاء العالم.",
    "شارك أمناء المكتبات في ورشة عمل حول الفهرسة الرقمية.",
]

QUOTES = [
    (
        "Libraries will get you through times of no money better than money will get you "
        "through times of no libraries.",
        "Anne Herbert",
    ),
    ("I have always imagined that Paradise will be a kind of library.", "Jorge Luis Borges"),
    (
        "A library outranks any other one thing a community can do to benefit its people.",
        "Andrew Carnegie",
    ),
    ("Good cataloguing is invisible until it is missing.", "a member of the committee"),
    ("Una biblioteca abierta es una puerta abierta.", "lema de la campaña"),
    ("Lire, c'est voyager sans quitter sa chaise.", "proverbe de bibliothécaire"),
]

CODE = [
    ("json", '{\n  "title": "Annual report",\n  "language": "es",\n  "items": 1250\n}'),
    ("xml", "<mods:titleInfo>\n  <mods:title>Actas del congreso</mods:title>\n</mods:titleInfo>"),
    (
        "python",
        "from collections import Counter\n\nloans = Counter(row['branch'] for row in rows)\n"
        "print(loans.most_common(3))",
    ),
    (
        "sql",
        "SELECT branch, COUNT(*) AS loans\nFROM circulation\nGROUP BY branch\nORDER BY loans DESC;",
    ),
]

BRANCHES = [
    "Central",
    "Eastgate",
    "Hillcrest",
    "Lakeside",
    "Market Street",
    "Barrio Norte",
    "Saint-Michel",
]

START = datetime(2002, 3, 1, 9, 0, tzinfo=UTC)

SITE_YAML = """\
title: Benchmark Round Table
base_url: https://bench.example.org/
timezone: UTC
"""


def slugify(text: str) -> str:
    """ASCII letters and digits joined by hyphens, at most 60 characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].rstrip("-") or "post"


class Writer:
    """Builds one post's body from its own random generator, counting words as it goes."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.blocks: list[str] = []
        self.words = 0

    def add(self, text: str) -> None:
        self.blocks.append(text)
        self.words += len(text.split())

    def sentence(self, lo: int = 7, hi: int = 18) -> str:
        words = self.rng.choices(VOCABULARY, k=self.rng.randint(lo, hi))
        end = self.rng.choice(".....?!")
        return " ".join(words).capitalize() + end

    def marked_sentence(self) -> str:
        """A sentence, sometimes with emphasis, bold, a link or inline code in it."""
        words = self.sentence().split()
        if len(words) < 6:
            return " ".join(words)
        i = self.rng.randrange(1, len(words) - 3)
        pick = self.rng.random()
        if pick < 0.14:
            words[i : i + 2] = [f"*{words[i]} {words[i + 1]}*"]
        elif pick < 0.24:
            words[i] = f"**{words[i]}**"
        elif pick < 0.40:
            text = " ".join(words[i : i + 3])
            url = f"https://example.net/{slugify(text)}/{self.rng.randint(1, 500)}"
            words[i : i + 3] = [f"[{text}]({url})"]
        elif pick < 0.46:
            words[i] = f"`{words[i]}`"
        return " ".join(words)

    def paragraph(self, lo: int = 45, hi: int = 90, room: int | None = None) -> str:
        """About lo to hi words, and no more than ``room`` (at least 15, though)."""
        want = self.rng.randint(lo, hi)
        if room is not None:
            want = max(15, min(want, room))
        sentences: list[str] = []
        while sum(len(s.split()) for s in sentences) < want:
            sentences.append(self.marked_sentence())
        return " ".join(sentences)

    def listing(self) -> str:
        numbered = self.rng.random() < 0.35
        lines = []
        for n in range(1, self.rng.randint(3, 6) + 1):
            text = self.sentence(4, 11)
            if self.rng.random() < 0.3:
                subject = self.rng.choice(SUBJECTS)
                link = f"https://example.net/guides/{self.rng.randint(1, 300)}"
                text = f"[{subject}]({link}): {text[0].lower()}{text[1:]}"
            lines.append(f"{n}. {text}" if numbered else f"- {text}")
        return "\n".join(lines)

    def quote(self) -> str:
        text, who = self.rng.choice(QUOTES)
        return f"> {text}\n>\n> — {who}"

    def table(self) -> str:
        rows = ["| Branch | Loans | Visitors | Events |", "| :--- | ---: | ---: | ---: |"]
        for branch in self.rng.sample(BRANCHES, self.rng.randint(3, 5)):
            figures = (self.rng.randint(800, 95000), self.rng.randint(300, 50000))
            rows.append(f"| {branch} | {figures[0]} | {figures[1]} | {self.rng.randint(3, 150)} |")
        return "\n".join(rows)

    def code(self) -> str:
        lang, text = self.rng.choice(CODE)
        return f"```{lang}\n{text}\n```"


def make_post(seed: str, i: int) -> tuple[str, str]:
    """Post number ``i`` (from 1): (slug of its title, text with front matter)."""
    rng = random.Random(f"irrtsite-bench:{seed}:{i}")
    title = f"{rng.choice(OPENERS)} {rng.choice(SUBJECTS)}: {rng.choice(ENDINGS)}"
    if i % 7 == 0:
        title = rng.choice(SPANISH + FRENCH).rstrip(" .?!¿")
    date = START + timedelta(hours=36 * i, minutes=rng.randint(0, 480))
    author = rng.choice(AUTHORS)
    tags = rng.sample(TAGS, rng.randint(2, 3))
    w = Writer(rng)
    summary = re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", w.paragraph(15, 25))
    summary = summary.replace("*", "").replace("`", "")

    target = rng.randint(620, 850)  # what is added overshoots a little: 600-900 words
    w.add(w.paragraph(50, 90))
    w.add(rng.choice(SPANISH if i % 2 else FRENCH))
    section = 0
    while w.words < target - 15:
        section += 1
        w.add("## " + w.sentence(3, 7).rstrip(".?!"))
        w.add(w.paragraph(room=target - w.words))
        if section == 1:
            w.add(w.listing())
        elif section == 2:
            w.add(w.quote())
        elif section == 3:
            if i % 10 == 0:
                w.add(w.table())
            if i % 20 == 0:
                w.add(w.code())
            if i % 5 == 0:
                w.add(rng.choice(OTHER_SCRIPTS))
        elif section % 2 == 0:
            w.add("### " + w.sentence(3, 6).rstrip(".?!"))
            w.add(w.paragraph(35, 70, room=target - w.words))

    def quoted(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML strings

    front = [
        "---",
        f"title: {quoted(title)}",
        f"date: {date:%Y-%m-%dT%H:%M:%SZ}",
        f"author: {quoted(author)}",
        f"tags: [{', '.join(map(quoted, tags))}]",
        f"summary: {quoted(summary)}",
        "---",
    ]
    return slugify(title), "\n".join(front) + "\n\n" + "\n\n".join(w.blocks) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", type=Path)
    ap.add_argument("n", type=int, help="how many posts")
    ap.add_argument("--seed", default="1", help="the seed (default 1)")
    ap.add_argument(
        "--irrtsite",
        action="store_true",
        help="write an irrtsite content tree (OUTDIR/content/site.yaml and "
        "OUTDIR/content/blog/YYYY-MM-DD-slug-N.md) instead of OUTDIR/posts/NNNN-slug.md",
    )
    args = ap.parse_args()
    if args.irrtsite:
        folder = args.outdir / "content" / "blog"
        folder.mkdir(parents=True, exist_ok=True)
        (args.outdir / "content" / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    else:
        folder = args.outdir / "posts"
        folder.mkdir(parents=True, exist_ok=True)
    width = max(4, len(str(args.n)))
    for i in range(1, args.n + 1):
        slug, text = make_post(args.seed, i)
        if args.irrtsite:
            day = re.search(r"^date: (\d{4}-\d\d-\d\d)", text, re.M)
            assert day is not None
            name = f"{day.group(1)}-{slug}-{i}.md"
        else:
            name = f"{i:0{width}d}-{slug}.md"
        (folder / name).write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {args.n} posts to {folder}")


if __name__ == "__main__":
    main()
