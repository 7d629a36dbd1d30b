#!/usr/bin/env python3
"""A synthetic digital agency in Porthole's content format, for tests and benchmarks.

    scripts/gen_corpus.py --clients 200 --out /tmp/c200 --hugo /tmp/h200

writes /tmp/c200/content/ (portal.yaml, three playbooks, and per client a
client.yaml, a logo.svg and --projects-per-client projects, each with a
project.yaml, --weeks weekly updates of 1.4-4 KB, --decisions decision
records and often change requests) and /tmp/c200/canaries.json. With --hugo DIR it also writes the same
content as a Hugo site whose small theme does comparable work (`make bench`
times both).

The output depends only on the options. Client i depends only on --seed and
i, so the 20-client corpus is the first 20 clients of the 200-client one.

What the tests rely on:
- Access modes: every block of 10 clients has 6 public, 3 link and 1 password
  portal, and its first five clients hold one of each.
- canaries.json: per client a `client` token, CANARY-CLIENT-<client>-<LETTERS>,
  in client-visible text only (every project summary, update and visible
  decision), and per project an `internal` token,
  CANARY-INTERNAL-<client>-<project>-<LETTERS>, only in `## Internal`
  sections, `internal: true` milestones, RAID items, decisions, change
  requests and KPIs. The suffix is upper case, so no token is a prefix of another.
  Internal sections come in every form the spec allows: `## internal`,
  `## INTERNAL`, `## Internal ##`, a setext heading, a `### Commercial`
  sub-heading before the token, and the section placed before
  `## Decisions needed` instead of last.
- Problems for `porthole check`: at random, about 10% of projects have a
  stale latest update, some past milestones are overdue and about 10% of
  completed gates have no sign-off line in any update. On top of that, every
  block of 10 clients has one project each with: a stale latest update;
  green while a milestone is overdue; green with an open risk of score 20 or
  more; an overdue milestone the latest update reports (no warning); one it
  mentions only under `## Internal` (still a warning); an overdue internal
  milestone reported under `## Internal` (no warning); a proposed decision
  past its due date.
- Money (make_money): about 70% of projects have a budget (money or hours,
  client-visible or internal) and `spent:` in their notes, never a budget
  contradiction on a green latest note; change requests in every status,
  some approved ones moving a recent milestone's baseline past today; KPIs
  on every CRO retainer and some other projects.

Python 3.11, standard library only.
"""
import argparse
import datetime as dt
import functools
import json
import os
import random
import re
import shutil
import sys
from dataclasses import dataclass, field

DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(weeks=1)

# ---------------------------------------------------------------- vocabulary

AGENCY = "Northwind Commerce"
BASE_URL = "https://status.northwind.example/"
# Client names are <brand> <goods> [suffix]: 48 x 40 = 1,920 distinct slugs;
# beyond that a region word goes in front ("nordic-alder-audio"), never
# behind, so that no slug plus "-" starts another slug.
BRANDS = """Alder Anvil Aspen Badger Bramble Brook Cairn Canopy Cobalt Comet Copper
Cypress Dune Ember Fable Falcon Fennel Fjord Flint Foxglove Garnet Gorse Harbour
Hazel Heron Indigo Juniper Kestrel Lark Linden Lumen Maple Marlow Meadow Moss
Nettle Onyx Orchard Osprey Pebble Quarry Raven Rowan Saffron Sorrel Summit
Thistle Willow""".split()
GOODS = """Apparel Audio Bakeware Beauty Bikes Books Candles Ceramics Coffee Cookware
Denim Eyewear Fitness Footwear Furniture Games Garden Gifts Home Jewellery
Kitchen Knitwear Leather Lighting Linen Nutrition Optics Outdoor Pets Prints
Running Skincare Sleep Stationery Surf Swim Tea Tools Toys Wine""".split()
REGIONS = "Nordic Atlantic Alpine Baltic Celtic Pacific Iberian Adriatic".split()
SUFFIXES = ["Co.", "Ltd", "Group", "& Co.", "Collective", "Trading", "", "Retail",
            "Brands", "Supply Co.", "Company", ""]

STAFF = """Priya Shah|Sam Lee|Tom Okafor|Marta Kowalska|Jonas Berg|Aisha Rahman|Liam O'Connor
|Chloe Martin|Diego Alvarez|Hannah Fischer|Kenji Watanabe|Fatima Zahra|Oliver Grant
|Nina Petrova|Ravi Menon|Grace Adeyemi|Lucas Moreau|Sofia Rossi|Ethan Clarke|Maya Cohen
|Ben Carter|Zoe Nguyen|Isaac Mensah|Ruth Davies""".replace("\n", "").split("|")
FIRST = """Jane Mark Alice Rob Emma David Sara James Laura Peter Helen Chris Anna Rachel
Daniel Kate Paul Lucy Simon Olivia Adam Megan Claire Ingrid Karim Mei Tariq Freya
Niamh Bruno Yuki Pedro""".split()
LAST = """Doe Smith Brown Wilson Taylor Evans Roberts Walker Wright Robinson White Green
Hall Wood Harris Lewis Hughes Turner Moore Ward King Baker Lund Silva Novak Jensen
Kaur Khan Murphy Byrne Costa Tanaka""".split()
ROLES = ["Head of Ecommerce", "Ecommerce Director", "Digital Trading Manager", "CTO",
         "Head of Digital", "Marketing Director", "Head of CRM", "Operations Director",
         "Product Owner", "CFO", "IT Manager", "Customer Experience Lead"]

# One system of each kind per project: {platform}, {erp}, ... in templates.
STACK = {
    "platform": ["Shopify Plus", "Adobe Commerce", "BigCommerce", "commercetools",
                 "Salesforce Commerce Cloud", "Shopware"],
    "erp": ["NetSuite", "Dynamics 365", "SAP S/4HANA", "Sage X3", "Odoo"],
    "pim": ["Akeneo", "Salsify", "Pimcore", "inRiver", "Plytix"],
    "pay": ["Adyen", "Stripe", "Braintree", "Klarna", "PayPal", "Checkout.com", "Mollie"],
    "search": ["Algolia", "Klevu", "Searchspring", "Constructor", "Doofinder"],
    "ops": ["ShipBob", "Linnworks", "Brightpearl", "Metapack", "ShipStation", "Scurri"],
    "email": ["Klaviyo", "Dotdigital", "Braze", "Bloomreach"],
    "analytics": ["GA4", "Google Tag Manager", "Hotjar", "Contentsquare", "Microsoft Clarity"],
}

WORDS = {
    "feature": """checkout|cart drawer|product detail page|PLP filters|mega menu|search results page
|account area|order history|returns portal|gift cards|store locator|wishlist|product bundles
|subscriptions|B2B price lists|quick order form|size guide|back-in-stock alerts|promotions engine
|free shipping bar|click and collect|delivery date picker|multi-currency pricing|VAT display
|product recommendations|reviews widget|loyalty points|email capture|cookie consent banner
|homepage hero|collection pages|blog templates|pre-order flow|split shipments|address lookup
|fraud rules|customer SSO login|Google Shopping feed|structured data|301 redirect map
|hreflang tags|image CDN|post-purchase upsell|stock availability badge|engraving options""",
    "act": """data mapping|UAT|regression testing|load testing|penetration testing|accessibility audit
|content migration|customer migration|order history import|SKU clean-up|URL mapping|design QA
|sprint review|backlog refinement|cutover rehearsal|DNS switch planning|hypercare triage
|go-live checklist review|admin training|A/B test readout|analytics audit|tag audit
|catalogue enrichment|translation round|price list import|integration testing
|inventory sync testing|payment certification|security review|copy review""",
    "team": """the client's merchandising team|the ecommerce team|the warehouse team|customer service
|the finance team|our QA team|the design team|the integration partner|the 3PL|the SEO agency
|the brand team|IT security|the marketing team|the content team|the data team""",
    "metric": """conversion rate|average order value|add-to-cart rate|checkout completion|bounce rate
|LCP|INP|CLS|search exit rate|revenue per session|return rate|repeat purchase rate
|email signup rate|mobile conversion rate|cart abandonment""",
    "bug": """no longer double-counts discounts|renders correctly on iOS Safari|respects the customer's currency
|handles out-of-stock variants|keeps focus order for keyboard users|shows the right VAT line
|retries failed webhooks|validates Irish postcodes|no longer drops UTM parameters
|sorts sizes in the right order|sends one confirmation email, not two|loads images lazily""",
    "code_span": """sections/main-product.liquid|POST /admin/api/2024-10/orders.json|custom.care_guide
|robots.txt|npm run build|orders/create|theme.liquid|price_list_id|X-Request-Id|cart.attributes
|inventory_levels/update|checkout_completed|Cache-Control: max-age=300|redirects.csv
|feature/cart-drawer|customer_tags|dataLayer.push|view_item_list|og:image|sku_map.xlsx""",
    "purpose": """on-site search|post-purchase emails|product reviews|subscriptions|tax calculation
|fulfilment|content management|payments|loyalty|address validation|fraud screening|returns""",
    "data": "stock levels|prices|product data|customer records|order status|promotions|translations",
    "region": "UK|EU|US|Nordics|DACH|Australia|Canada|Ireland|France|Benelux",
    "weekday": "Monday|Tuesday|Wednesday|Thursday|Friday",
    "legacy": "Magento 1|a bespoke PHP platform|WooCommerce|Demandware|Prestashop",
    "frontend": "Hydrogen|Next.js|Nuxt|a Liquid theme|Remix|Astro",
}
WORDS = {k: [w.strip() for w in v.replace("\n", "").split("|")] for k, v in WORDS.items()}

SECTIONS = ["Summary", "Progress", "Next", "Risks and issues", "Decisions needed"]
PLAYBOOKS = {  # slug: (name, phases, grace days, standard milestones (title, gate, week))
    "storefront-build": ("Storefront build", ["Discovery", "Design", "Build", "UAT", "Launch", "Hypercare"], 2,
                         [("Discovery sign-off", True, 3), ("Design sign-off", True, 8), ("Build complete", False, 18),
                          ("UAT sign-off", True, 22), ("Go-live", True, 24), ("Hypercare exit", False, 28)]),
    "platform-migration": ("Platform migration", ["Discovery", "Data mapping", "Build", "Migration rehearsal",
                                                  "Cutover", "Hypercare"], 2,
                           [("Discovery sign-off", True, 3), ("Data mapping approved", True, 6),
                            ("Integrations complete", False, 16), ("Migration rehearsal passed", True, 20),
                            ("Cutover", True, 23), ("Hypercare exit", False, 27)]),
    "cro-retainer": ("CRO retainer", ["Research", "Hypothesis backlog", "Testing", "Readout"], 3,
                     [("Research readout", True, 4), ("Test roadmap agreed", True, 6),
                      ("First test live", False, 8), ("Quarterly readout", True, 13)]),
}
PROJECT_NAMES = {  # playbook: (name, slug) templates
    "storefront-build": [("Storefront rebuild on {platform}", "storefront-rebuild"),
                         ("Headless storefront on {frontend}", "headless-storefront"),
                         ("{region} storefront launch", "{region}-launch"), ("B2B trade portal", "b2b-portal"),
                         ("Mobile-first redesign", "mobile-redesign")],
    "platform-migration": [("{legacy} to {platform} migration", "platform-migration"),
                           ("ERP integration with {erp}", "erp-integration"), ("PIM rollout with {pim}", "pim-rollout"),
                           ("Order management on {ops}", "oms-migration")],
    "cro-retainer": [("CRO retainer", "cro-retainer"), ("Checkout optimisation programme", "checkout-optimisation"),
                     ("Core Web Vitals sprint", "performance-sprint")],
}
EXTRA_MILESTONES = """Payment certification|Analytics sign-off|Content freeze|Code freeze
|Performance budget met|Accessibility audit passed|Redirect map approved|ERP integration live
|PIM feed live|Search tuning complete|Peak readiness review|Security review passed|Training delivered
|Second market launch|Loyalty programme live|Load test passed|Order history imported""".replace("\n", "").split("|")

RISK_TITLES = {
    "risk": ["{pay} certification may slip", "Peak trading freeze could squeeze UAT",
             "{erp} API rate limits may throttle the stock sync", "Catalogue data quality may delay the {feature}",
             "Key approver unavailable during {act}", "Scope growth in the {feature}",
             "SEO traffic may dip after the redirect switch", "{search} index build may overrun the nightly window"],
    "issue": ["{Feature} fails on Safari 16", "{erp} sandbox is down", "Duplicate customer records in the export",
              "{pay} webhooks arrive out of order", "Tax rounding differs from {erp} by a penny",
              "{analytics} double-counts purchase events", "Redirect loop on legacy category URLs"],
    "assumption": ["Client supplies final copy for the {feature}", "{erp} stays the source of truth for {data}",
                   "No more than {n},000 SKUs at launch", "Client's IT team owns DNS and email records"],
    "dependency": ["{ops} integration from the 3PL", "{pim} product feed from the client",
                   "{erp} partner to deliver the order export endpoint", "Client to procure the {search} licence"],
}
MITIGATIONS = ["Book the {act} slot now; fall back to a manual process if it slips.",
               "Agree a *workaround* with {team} and review it weekly.", "Escalate to {contact}; tracked in {ticket}.",
               "Add a **buffer** of {n} days before the {milestone} gate.",
               "Pair with {team} on {code} and retest on {staging}.",
               "Cut the {feature} to the essentials for launch; the rest moves to phase 2."]
DECISION_TITLES = ["Use {search} for on-site search", "Adopt {frontend} for the storefront",
                   "Defer the {feature} to phase 2", "Launch with {n} markets",
                   "Keep {erp} as the source of truth for {data}", "Migrate {n} years of order history",
                   "Drop the {feature} from the MVP", "Use {email} for {purpose}",
                   "Freeze catalogue changes during cutover", "Run the {feature} as an A/B test first",
                   "Move go-live out of the peak freeze", "Take {pay} as the primary gateway",
                   "Handle returns through {ops}", "Retire the legacy {feature}"]
HEADLINES = {
    "green": ["{Feature} on track for {act}", "{Act} complete; {act} starts {weekday}",
              "{Metric} up {pct}% after the {feature} change", "Ready for {act}", "{Feature} live on staging",
              "All gates on track"],
    "amber": ["{Feature} on track; {system} certification at risk", "{Act} running {n} days behind",
              "Waiting on {team} for {feature} content", "{System} integration delayed by {n} days",
              "{Milestone} forecast under review"],
    "red": ["{Milestone} at risk: {system} blocked", "Go-live date under review", "{Act} failed; rerun needed",
            "Blocked on {team} for the {feature}", "Critical defects in the {feature}"],
}
OPENINGS = {
    "green": ["Good week: the {feature} is on track and {act} finished early.",
              "Everything is on plan for the {milestone} gate.",
              "Steady progress on the {feature} and the {system} integration.",
              "A quiet, productive week with no new blockers."],
    "amber": ["Mostly on track, but the {feature} depends on {team}.",
              "{Act} is running late and we are watching the {milestone} date.",
              "Progress is good, though {system} is slower to respond than planned."],
    "red": ["The {milestone} date is at risk because {system} is blocked.",
            "We lost {n} days this week to defects in the {feature}.",
            "{Act} failed and has to be rerun before the {milestone} gate."],
}
PROGRESS = ["{Feature} build is {pct}% complete; the {feature} {bug}",
            "Finished {act} for the {feature}: {n} issues logged, {small} already fixed",
            "Deployed the {feature} to {staging} for review", "**{System}** integration passes {n} of {total} test cases",
            "Merged {code} after review by {person}", "Closed {ticket}: the {feature} {bug}",
            "{Metric} on the test cohort moved from {x} to {y}", "Signed off the *{feature}* designs in {figma}",
            "Imported {sku} SKUs from {pim} into the staging catalogue", "Ran {act} with {team}; notes are in {ticket}",
            "Fixed the {feature} so it {bug} (see {code})", "Agreed the _{feature}_ acceptance criteria with {contact}",
            "Configured {system} webhooks for {code} in the staging store",
            "Reviewed the {feature} against WCAG 2.2 AA; {n} fixes raised"]
TAILS = [", thanks to {contact}", " (*ahead of plan*)", "; next step is {act}", ", two days later than planned",
         " with {team}", ", which unblocks the {feature}", "; details in {ticket}", " after a second review by {person}"]
NEXT = ["Start {act} on {date}.", "Walk {team} through the {feature} on {weekday}.",
        "Finalise the {feature} copy with {team}.", "Run {act} for {system} ahead of the {milestone} gate.",
        "Hand the {feature} to {contact} for UAT by {date}.", "Prepare the sign-off pack for {milestone}.",
        "Retest {ticket} once {system} ships its fix.", "Share the {act} plan with {contact} before {weekday}."]
INTERNAL_NOTES = ["Budget burn is at {burn}% against {pct}% of the timeline; raise a change request if the {feature} grows.",
                  "{Contact} is on leave next week; do not promise the {milestone} date yet.",
                  "Margin on this phase is tight after the {system} rework; keep estimates conservative.",
                  "{Person} rolls off at the end of the month; plan the handover."]


# ---------------------------------------------------------------- model

@dataclass
class Milestone:
    id: str
    title: str
    due: dt.date
    gate: bool
    internal: bool = False
    forecast: dt.date | None = None
    done: dt.date | None = None
    owner: str | None = None
    signed: bool = True  # its sign-off is recorded in an update
    moved: list = field(default_factory=list)  # (on, from) of each forecast move, oldest first


@dataclass
class Risk:
    id: str
    type: str
    title: str
    probability: int
    impact: int
    owner: str
    mitigation: str
    status: str
    raised: dt.date
    milestone: str | None = None
    internal: bool = False
    closed: dt.date | None = None


@dataclass
class Decision:
    num: int
    title: str
    date: dt.date
    status: str
    deciders: list
    internal: bool = False
    supersedes: int | None = None
    due: dt.date | None = None
    slug: str = ""
    body: str = ""


@dataclass
class Project:
    slug: str
    name: str
    playbook: str
    pm: str
    start: dt.date
    target: dt.date
    phase: str
    canary: str
    stack: dict
    features: list
    plan: str
    dates: list = field(default_factory=list)  # of the weekly updates
    summary: str = ""
    overdue: Milestone | None = None  # the milestone a plan made overdue
    milestones: list = field(default_factory=list)
    risks: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    updates: list = field(default_factory=list)  # (date, front matter dict, body)
    team: list = field(default_factory=list)  # dicts: person, role, allocation, from, to
    budget: dict | None = None  # project.yaml's budget: mapping, in field order
    kpis: list = field(default_factory=list)  # dicts: id, name, unit, baseline, target, direction, internal
    changes: list = field(default_factory=list)  # of ChangeRequest


@dataclass
class ChangeRequest:
    num: int
    title: str
    status: str
    cost: float
    days: int
    milestones: list
    requested_by: str
    decided_on: dt.date | None = None
    due: dt.date | None = None
    internal: bool = False
    slug: str = ""
    body: str = ""


@dataclass
class Client:
    i: int
    slug: str
    name: str
    access: str
    contacts: list
    manager: str
    color: str
    canary: str
    projects: list = field(default_factory=list)
    team_token: str = ""  # in every team entry's role: team data must never reach site/


# ---------------------------------------------------------------- prose

PLACEHOLDER = re.compile(r"\{(\w+)\}")


class Prose:
    """Fills sentence templates with one project's words: {feature} is one of
    the project's features, {Feature} the same capitalised, {erp} its ERP,
    {ticket} a Jira link, {n} a small number; keyword arguments win."""

    def __init__(self, r: random.Random, client: Client, project: Project):
        self.r, self.client = r, client
        visible = [m.title for m in project.milestones if not m.internal] or ["launch"]
        self.values = {
            "feature": lambda: r.choice(project.features),
            "system": lambda: r.choice(list(project.stack.values())),
            "person": lambda: r.choice(STAFF),
            "contact": lambda: r.choice(client.contacts)["name"],
            "milestone": lambda: r.choice(visible),
            "n": lambda: str(r.randint(2, 12)),
            "pct": lambda: str(r.randint(3, 40)),
            "ticket": self.ticket,
            "staging": lambda: f"[staging](https://staging.{client.slug}.example/"
                               f"{r.choice(['', 'cart', 'account', 'products/sample'])})",
            "figma": lambda: f"[Figma](https://www.figma.example/file/{r.getrandbits(32):08x}/{client.slug})",
            "code": lambda: f"`{r.choice(WORDS['code_span'])}`",
        }
        for key, words in WORDS.items():
            self.values.setdefault(key, lambda words=words: r.choice(words))
        for key, value in project.stack.items():
            self.values[key] = lambda value=value: value

    def ticket(self) -> str:
        key = "".join(w[0] for w in self.client.slug.split("-")).upper() + f"-{self.r.randint(40, 2400)}"
        return f"[{key}](https://northwind.atlassian.example/browse/{key})"

    def __call__(self, templates, **extra) -> str:
        template = templates if isinstance(templates, str) else self.r.choice(templates)

        def value(m):
            key = m.group(1)
            if key in extra:
                return extra[key]
            text = self.values[key.lower()]()
            return text[:1].upper() + text[1:] if key[0].isupper() else text
        return PLACEHOLDER.sub(value, template)


def slugify(text: str, limit: int = 40) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    while len(slug) > limit and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug[:limit]


def letters(r: random.Random) -> str:
    return "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(6))


def human(d: dt.date) -> str:
    return d.strftime("%A ") + str(d.day) + d.strftime(" %B")


# ---------------------------------------------------------------- the agency

@functools.cache
def name_pairs(seed: int) -> list[tuple[str, str]]:
    pairs = [(b, g) for b in BRANDS for g in GOODS]
    random.Random(f"{seed}:names").shuffle(pairs)
    return pairs


def client_name(seed: int, i: int) -> tuple[str, str]:
    combos = name_pairs(seed)
    brand, goods = combos[i % len(combos)]
    region = REGIONS[(i // len(combos) - 1) % len(REGIONS)] + " " if i >= len(combos) else ""
    base = f"{region}{brand} {goods}"
    suffix = random.Random(f"{seed}:suffix:{i}").choice(SUFFIXES)
    return f"{base} {suffix}".strip(), slugify(base, 62)


def block_roles(seed: int, i: int) -> tuple[str, str | None]:
    """Client i's access mode, and the problem planted in its first project, if any."""
    r = random.Random(f"{seed}:block:{i // 10}")
    first, second = ["password", "link", "public", "public", "public"], ["link", "link", "public", "public", "public"]
    r.shuffle(first)
    r.shuffle(second)
    plants = ["stale", "green-overdue", "green-risk", "overdue-reported", "overdue-internal-note",
              "internal-overdue-reported", "decision-overdue"]
    plants += [None] * (10 - len(plants))
    r.shuffle(plants)
    return (first + second)[i % 10], plants[i % 10]


def make_client(args, i: int, today: dt.date) -> Client:
    r = random.Random(f"{args.seed}:client:{i}")
    name, slug = client_name(args.seed, i)
    access, plant = block_roles(args.seed, i)
    contacts = []
    for _ in range(r.randint(1, 3)):
        first, last = r.choice(FIRST), r.choice(LAST)
        contacts.append({"name": f"{first} {last}", "role": r.choice(ROLES),
                         "email": f"{first.lower()}.{last.lower()}@{slug}.example"})
    c = Client(i, slug, name, access, contacts, r.choice(STAFF[:12]), f"#{r.getrandbits(24):06x}",
               f"CANARY-CLIENT-{slug}-{letters(r)}")
    c.team_token = f"CANARY-TEAM-{slug}-{letters(random.Random(f'{args.seed}:team-token:{i}'))}"
    used = set()
    for j in range(args.projects_per_client):
        p = make_project(args, c, j, plant if j == 0 else None, used, today)
        make_history(args, c, j, p, today)
        make_money(args, c, j, p, today)
        c.projects.append(p)
    make_team(args, c, today)
    return c


def make_history(args, c: Client, j: int, p: Project, today: dt.date) -> None:
    """When forecasts moved and RAID items closed, from a stream of its own
    (the rest of the corpus is as before): a milestone whose forecast is not
    its baseline moved once or twice, sometimes this week; a closed or
    mitigated item has a closing date, sometimes this week."""
    r = random.Random(f"{args.seed}:history:{c.i}:{j}")
    week_start = today - DAY * 6
    for m in p.milestones:
        if not m.forecast or m.forecast == m.due:
            continue
        last = min(today, m.done or today)
        first = min(last, max(p.start, m.due - DAY * 60))
        on = last - DAY * r.randint(0, 6) if r.random() < 0.3 else first + DAY * r.randint(0, (last - first).days)
        on = max(first, on)
        if r.random() < 0.3 and (on - first).days >= 2:
            middle = m.due + (m.forecast - m.due) / 2
            earlier = first + DAY * r.randint(0, (on - first).days - 1)
            m.moved = [(earlier, m.due), (on, middle)]
        else:
            m.moved = [(on, m.due)]
    for risk in p.risks:
        if risk.status != "open" and risk.raised <= today:
            span = (today - risk.raised).days
            in_week = r.random() < 0.25 and risk.raised <= week_start
            risk.closed = week_start + DAY * r.randint(0, 6) if in_week else risk.raised + DAY * r.randint(0, span)


CHANGE_TITLES = ["Add {feature} to the launch scope", "Extend hypercare by {n} weeks",
                 "Second language for the {region} store", "Rebuild the {feature} on {platform}",
                 "Extra {act} round before the {milestone} gate", "Integrate {pay} for {region}",
                 "Move the {feature} to phase 2", "Migrate {n} more years of order history"]
# KPIs a project may report on: (id, name, unit, baseline range, relative move to target, direction).
KPIS = [("conversion_rate", "Conversion rate", "%", (1.4, 3.2), 0.2, "up"),
        ("average_order_value", "Average order value", "GBP", (45, 140), 0.08, "up"),
        ("mobile_checkout_completion", "Mobile checkout completion", "%", (35, 60), 0.12, "up"),
        ("cart_abandonment", "Cart abandonment", "%", (60, 80), -0.1, "down"),
        ("lcp_seconds", "Largest Contentful Paint", "s", (2.4, 4.5), -0.3, "down")]


def make_money(args, c: Client, j: int, p: Project, today: dt.date) -> None:
    """Budget, spend, change requests and KPIs, from a stream of their own
    (the rest of the corpus is as before; docs/content-format.md, "Budget,
    spend and earned value", "Change requests", "KPIs").

    About 70% of projects have a budget, in money or hours, client-visible
    or internal; every weekly note from some week on reports `spent:`. Spend
    ends at the earned value times a factor: up to 1.08 when the latest note
    is green (no budget contradiction: CPI stays above 0.9 and EAC within
    tolerance), up to 1.3 otherwise (some overruns, `budget-risk` warnings).
    Change requests cycle through the four statuses so that every few
    projects hold each; about 10% are internal (with the project's internal
    token). Every CRO retainer and some other projects report KPIs, one of
    them sometimes internal."""
    r = random.Random(f"{args.seed}:money:{c.i}:{j}")
    prose = Prose(r, c, p)
    if r.random() < 0.7:
        if r.random() < 0.6:
            p.budget = {"amount": 1000 * r.randint(40, 400), "currency": r.choice(["GBP", "GBP", "EUR", "USD"])}
        else:
            p.budget = {"hours": 50 * r.randint(6, 60)}
        if r.random() < 0.3:
            p.budget["tolerance"] = r.choice([5, 10, 15])
        if r.random() < 0.5:
            p.budget["visibility"] = "client"
        elif r.random() < 0.5:
            p.budget["visibility"] = "internal"
    make_changes(r, prose, c, j, p, today)
    if p.budget:
        make_spend(r, p, today)
    if p.playbook == "cro-retainer" or r.random() < 0.25:
        make_kpis(r, p)


def make_changes(r: random.Random, prose: Prose, c: Client, j: int, p: Project, today: dt.date) -> None:
    if r.random() < 0.4:
        return
    hours = p.budget is not None and "hours" in p.budget
    statuses = ["approved", "proposed", "rejected", "withdrawn"]
    first = (c.i + j) % 4
    ids = [m.id for m in p.milestones]
    slugs = set()
    for k in range(r.randint(1, 4)):
        status = statuses[(first + k) % 4]
        cost = 2 * r.randint(4, 60) if hours else 100 * r.randint(10, 200)
        change = ChangeRequest(k + 1, prose(CHANGE_TITLES), status, -cost if r.random() < 0.1 else cost,
                               r.choice([0, 0, 3, 5, 7, 10, 14]), sorted(r.sample(ids, min(len(ids), r.randint(1, 2)))),
                               r.choice([x["name"] for x in c.contacts] + [p.pm]), internal=r.random() < 0.1)
        recent = [m for m in p.milestones if not m.internal and today - DAY * 45 < m.due <= today]
        if status == "approved" and recent and r.random() < 0.6:
            # Moves a recent milestone's baseline past today: planned value then differs from the original plan's.
            m = r.choice(recent)
            change.milestones, change.days = [m.id], (today - m.due).days + r.randint(1, 21)
        if status == "proposed":
            change.due = today + DAY * r.randint(-5, 21)  # now and then already past: change-overdue
        else:
            change.decided_on = p.start + DAY * r.randint(7, max(7, (today - p.start).days))
        change.slug = base = slugify(change.title)
        n = 2
        while change.slug in slugs:
            change.slug, n = f"{base}-{n}", n + 1
        slugs.add(change.slug)
        if change.internal:
            change.title += " (internal)"
        change.body = prose("{Team} asked for this after {act}: {reason}.\n\nIt includes the {feature} and "
                            "the {system} changes it needs; it does not include {act}.\n",
                            reason=prose(["the {feature} has to work in {n} markets",
                                          "{system} cannot handle {purpose} as planned",
                                          "{metric} dropped on the {feature}"]))
        if change.internal:
            change.body += f"\nInternal re-plan, agency only: {p.canary}.\n"
        p.changes.append(change)


def make_spend(r: random.Random, p: Project, today: dt.date) -> None:
    """`spent:` in the notes, cumulative, rising smoothly to its final value."""
    approved = [x for x in p.changes if x.status == "approved" and not x.internal]
    bac = next(iter(p.budget.values())) + sum(x.cost for x in approved)
    plan = [m for m in p.milestones if not m.internal]
    earned = bac * sum(1 for m in plan if m.done and m.done <= today) / max(1, len(plan))
    green = p.updates[-1][1]["status"] == "green"
    if earned <= 0:
        if green:
            return  # spend with nothing earned would make a green note a contradiction
        earned = 0.03 * bac
    final = earned * r.uniform(0.85, 1.08 if green else 1.3)
    from_week = r.randint(0, len(p.updates) - 1) if r.random() < 0.4 else 0
    span = max(1, (p.dates[-1] - p.start).days)
    for date, front, _ in p.updates[from_week:]:
        spent = final * ((date - p.start).days / span) ** 1.1
        front["spent"] = round(spent, 1) if "hours" in p.budget else int(spent)


def make_kpis(r: random.Random, p: Project) -> None:
    """Two or three KPIs; values in most notes, moving from baseline toward
    the target with some noise (or part of the way, or backwards)."""
    trends = {}
    for k, (kid, name, unit, (low, high), move, direction) in enumerate(r.sample(KPIS, r.randint(2, 3))):
        baseline = round(r.uniform(low, high), 2)
        target = round(baseline * (1 + move), 2)
        kpi = {"id": kid, "name": name, "unit": unit, "baseline": baseline, "target": target, "direction": direction}
        trends[kid] = r.choice([1.0, 1.0, 0.5, -0.4])  # some never get going, some go backwards
        if k == 0 and r.random() < 0.3:
            kpi["name"], kpi["internal"] = f"{name} (internal {p.canary})", True
        p.kpis.append(kpi)
    weeks = len(p.updates)
    for w, (_, front, _) in enumerate(p.updates):
        if r.random() < 0.15:
            continue  # a week with no readings
        front["kpis"] = {kpi["id"]: round(kpi["baseline"] + (kpi["target"] - kpi["baseline"]) * trends[kpi["id"]]
                                          * (w + 1) / weeks * r.uniform(0.6, 1.2), 2) for kpi in p.kpis}


def pod_person(n: int) -> str:
    """The n-th person of the agency's delivery pods: different for every n
    below 1024, so a pod's people are its own."""
    return f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST) + n) % len(LAST)]}"


def make_team(args, c: Client, today: dt.date) -> None:
    """Each client has a pod of two people shared by its projects, each well
    under a full week (PMs are left out: they run projects of many clients).
    Every fourth client (1, 5, 9, ...) plants an over-allocation: its first
    person takes 40 % more on the first project for two weeks from next week.
    Every seventh (3, 10, ...) has a second person working 80 %."""
    r = random.Random(f"{args.seed}:team:{c.i}")
    n = len(c.projects)
    for k in range(2):
        person = pod_person(2 * c.i + k)
        share = (80 if c.i % 7 == 3 and k == 1 else 100) // n
        for p in c.projects if k == 0 else c.projects[: max(1, n - 1)]:
            entry = {"person": person, "role": f"Delivery {'engineer' if k == 0 else 'analyst'} {c.team_token}",
                     "allocation": max(5, share - r.randint(0, 10))}
            if r.random() < 0.5:
                entry["from"] = p.start
            entry["to"] = today + DAY * r.randint(100, 200)
            p.team.append(entry)
    if c.i % 4 == 1:
        c.projects[0].team.append({"person": pod_person(2 * c.i), "role": f"Cover {c.team_token}", "allocation": 40,
                                   "from": today + DAY * 7, "to": today + DAY * 20})


def make_project(args, c: Client, j: int, plan, used: set, today: dt.date) -> Project:
    r = random.Random(f"{args.seed}:project:{c.i}:{j}")
    playbook = r.choice(["storefront-build", "storefront-build", "platform-migration", "platform-migration",
                         "cro-retainer"])
    stack = {k: r.choice(v) for k, v in STACK.items()}
    # The latest update is at most 6 days old, or 12 to 40 for a stale project.
    stale = plan == "stale" or (plan is None and r.random() < 0.08)
    last = today - DAY * (r.randint(12, 40) if stale else r.randint(0, 6))
    first = last - WEEK * (args.weeks - 1)
    start = first - DAY * r.randint(3, 14)
    target = start + WEEK * max(6, args.weeks + r.randint(-6, 30))
    name_t, slug_t = r.choice(PROJECT_NAMES[playbook])
    fills = {k: r.choice(WORDS[k]) for k in ("frontend", "legacy", "region")} | stack
    name = PLACEHOLDER.sub(lambda m: fills[m.group(1)], name_t)
    slug = base = slugify(PLACEHOLDER.sub(lambda m: fills[m.group(1)], slug_t))
    k = 2
    while slug in used:
        slug, k = f"{base}-{k}", k + 1
    used.add(slug)
    phases = PLAYBOOKS[playbook][1]
    progress = (today - start).days / max(1, (target - start).days)
    phase = phases[max(0, min(len(phases) - 1, int(progress * len(phases))))]
    p = Project(slug, name, playbook, r.choice(STAFF[4:]), start, target, phase,
                f"CANARY-INTERNAL-{c.slug}-{slug}-{letters(r)}", stack, r.sample(WORDS["feature"], 8), plan)
    p.dates = [first + WEEK * k for k in range(args.weeks)]
    make_milestones(r, c, p, today)
    make_risks(r, c, p, today)
    prose = Prose(r, c, p)
    p.summary = prose("{name} for {client}: we {goal}. The work covers the {feature}, the {feature} and the "
                      "integration with **{system}**.\n\nSee the [project plan](https://docs.northwind.example/"
                      "{slug}) for scope and the RACI. Portal reference: {canary}.\n",
                      name=name, client=c.name, slug=f"{c.slug}/{slug}", canary=c.canary, goal=prose([
                          "move the store to {platform} without losing organic traffic",
                          "lift {metric} by {pct}% through a test-and-learn programme",
                          "connect {erp} so that {data} stay in sync", "launch the {region} store before peak"]))
    make_decisions(r, c, p, prose, args.decisions, today)
    statuses = rag_walk(r, args.weeks)
    if plan in ("green-overdue", "green-risk"):
        statuses[-1] = "green"
    elif plan in ("overdue-reported", "overdue-internal-note"):
        statuses[-1] = r.choice(["amber", "red"])
    for k, date in enumerate(p.dates):
        p.updates.append(make_update(prose, c, p, date, statuses[k], k == len(p.dates) - 1))
    return p


def make_milestones(r: random.Random, c: Client, p: Project, today: dt.date) -> None:
    standard = PLAYBOOKS[p.playbook][3]
    n = r.randint(6, 12)
    titles = [(t, gate) for t, gate, _ in standard][:n]
    titles += [(t, r.random() < 0.3) for t in r.sample(EXTRA_MILESTONES, n - len(titles))]
    span = (p.target - p.start).days
    dues = sorted(p.start + DAY * (span * (k + 1) // n - r.randint(0, 10)) for k in range(n))
    internal = r.randrange(n) if r.random() < 0.6 else -1
    for k, ((title, gate), due) in enumerate(zip(titles, dues)):
        m = Milestone(f"M{k + 1}", title, due, gate and k != internal, k == internal, signed=r.random() < 0.9)
        if m.internal:
            m.title = f"{title} (internal checkpoint {p.canary})"
        if r.random() < 0.5:
            m.owner = r.choice([c.name.split()[0], "Northwind", p.pm])
        x = r.random()
        if due < today:  # mostly done on time, some late, a few overdue
            if x < 0.8:
                m.done = min(today, due + DAY * r.randint(-6, 3))
            elif x < 0.92:
                m.forecast = due + DAY * r.randint(5, 25)
                m.done = min(today, m.forecast)
            else:
                m.forecast = min(today - DAY, due + DAY * r.randint(0, 20))
        elif x < 0.35:
            m.forecast = due + DAY * r.randint(5, 40)  # slipping
        elif x < 0.5:
            m.forecast = due  # re-forecast on the baseline
        p.milestones.append(m)
    # Most projects show every state a portal draws: something slipping, and often something overdue.
    future = [m for m in p.milestones if m.due >= today]
    if future and not any(m.forecast and m.forecast > m.due for m in future):
        m = r.choice(future)
        m.forecast = m.due + DAY * r.randint(7, 30)
    past = [m for m in p.milestones if m.due < today]
    if len(past) >= 3 and all(m.done for m in past) and r.random() < 0.5:
        past[-1].done, past[-1].forecast = None, min(today - DAY, past[-1].due + DAY * r.randint(0, 10))
    if p.plan in ("green-overdue", "overdue-reported", "overdue-internal-note", "internal-overdue-reported"):
        make_overdue(r, p, p.plan.startswith("internal"), today)


def make_overdue(r: random.Random, p: Project, internal: bool, today: dt.date) -> None:
    """One milestone (internal or not) becomes overdue: not done, forecast passed."""
    same = [m for m in p.milestones if m.internal == internal] or p.milestones
    past = [m for m in same if m.due < today]
    m = past[-1] if past else same[0]
    if internal and not m.internal:
        m.internal, m.gate, m.title = True, False, f"{m.title} (internal checkpoint {p.canary})"
    m.due = min(m.due, today - DAY * 14)
    m.done, m.forecast = None, today - DAY * r.randint(1, 10)
    p.overdue = m


def make_risks(r: random.Random, c: Client, p: Project, today: dt.date) -> None:
    prose = Prose(r, c, p)
    types = ["risk", "issue", "assumption", "dependency"]
    r.shuffle(types)
    types += r.choices(["risk", "issue", "assumption", "dependency"], [50, 25, 10, 15], k=r.randint(1, 11))
    for k, kind in enumerate(types):
        internal = r.random() < 0.12
        title = prose(RISK_TITLES[kind])
        mitigation = prose(MITIGATIONS)
        if internal:
            title, mitigation = f"{title} (commercial)", f"{mitigation} Internal only: {p.canary}."
        risk = Risk(f"R{k + 1}", kind, title, 5 if kind == "issue" else r.randint(1, 5), r.randint(1, 5),
                    r.choice([p.pm] + STAFF[:6]), mitigation, r.choices(["open", "mitigated", "closed"], [60, 25, 15])[0],
                    p.start + DAY * r.randint(0, max(0, (today - p.start).days)), internal=internal)
        threatened = [m.id for m in p.milestones if internal or not m.internal]
        if threatened and r.random() < 0.5:
            risk.milestone = r.choice(threatened)
        p.risks.append(risk)
    if p.plan == "green-risk":  # an open, client-visible risk of score 20 or more
        risk = min(p.risks, key=lambda x: x.internal)  # the first visible one, if any
        if risk.internal:
            risk.internal, risk.milestone = False, None
            risk.title, risk.mitigation = risk.title.removesuffix(" (commercial)"), risk.mitigation.split(" Internal")[0]
        risk.status, risk.probability, risk.impact = "open", 5, r.choice([4, 5])


def make_decisions(r: random.Random, c: Client, p: Project, prose: Prose, n: int, today: dt.date) -> None:
    span = max(1, (today - p.start).days)
    proposed = min(n, r.choice([0, 1, 1, 2, 2, 3]))
    if p.plan == "decision-overdue":
        proposed = min(n, max(1, proposed))
    slugs = set()
    for k in range(n):
        status = "proposed" if k >= n - proposed else r.choices(["accepted", "rejected", "superseded"], [75, 10, 15])[0]
        d = Decision(k + 1, prose(DECISION_TITLES), p.start + DAY * int(span * (k + 0.5) / n), status,
                     [r.choice(c.contacts)["name"], p.pm], internal=status != "proposed" and r.random() < 0.08)
        d.slug = base = slugify(d.title)
        for j in range(2, n + 2):
            if d.slug not in slugs:
                break
            d.slug = f"{base}-{j}"
        slugs.add(d.slug)
        if status == "proposed":
            d.due = today + DAY * r.randint(3, 21)
        p.decisions.append(d)
    if p.plan == "decision-overdue" and n:
        p.decisions[-1].due = today - DAY * r.randint(2, 10)
    for d in p.decisions:  # a superseded decision needs a later accepted one that supersedes it
        if d.status == "superseded":
            later = [e for e in p.decisions if e.num > d.num and e.status == "accepted"
                     and e.supersedes is None and e.internal == d.internal]
            if later:
                r.choice(later).supersedes = d.num
            else:
                d.status = "accepted"
    for d in p.decisions:
        d.body = decision_body(prose, p, c, d)
        if d.internal:
            d.title += " (internal)"


def decision_body(prose: Prose, p: Project, c: Client, d: Decision) -> str:
    r = prose.r
    context = prose([
        "The {feature} has to work in {n} markets, and {system} cannot express that without custom code.",
        "{Team} raised that the {feature} blocks {act}, and the {milestone} gate is close.",
        "Discovery showed that {data} live in three places today and nobody owns the reconciliation.",
        "The plan assumed {system} would handle {purpose} out of the box; the spike in {ticket} showed otherwise.",
        "{Metric} has been flat for {n} weeks and the {feature} is the biggest drop-off in the funnel."])
    context += " " + prose(["We compared the options below with {contact} and {person}.",
                            "The options were weighed on cost, risk to the launch date and effort for {team}.",
                            "Both options were prototyped on {staging}."])
    out = ["## Context", "", f"{context} Reference: {p.canary if d.internal else c.canary}.", ""]
    if r.random() < 0.85:
        out += [prose(["Doing nothing is not an option: {team} cannot start {act} until this is settled.",
                       "Timing matters more than cost here: any change after {weekday} puts the {milestone} date at risk.",
                       "Other clients on {platform} use the same pattern; it is well supported."]), ""]
    for k in range(r.randint(2, 4)):
        out.append(prose(["- **Option {k}:** use {system} as it is and adapt the {feature}.",
                          "- **Option {k}:** build a small service around {code} and keep {system} unchanged.",
                          "- **Option {k}:** defer to phase 2 and run a manual process with {team}.",
                          "- **Option {k}:** buy an app for {purpose} (about {n}k a year)."], k=str(k + 1)))
    out += ["", "## Decision", ""]
    if d.status == "proposed":
        out.append(prose("We recommend option 1 and need an answer from {contact} by {due} to keep the "
                         "{milestone} date.", due=d.due.isoformat()))
    elif d.status == "rejected":
        out.append(prose("Rejected: {team} prefers to keep the current {feature} until after peak."))
    else:
        out.append(prose(["Option 1. {Person} owns the change; it ships before {act}.",
                          "Option 2, agreed at the steering meeting on {weekday}.",
                          "Option 1 for launch; we revisit the {feature} after {act}."]))
    if d.supersedes:
        out[-1] += f" This replaces D-{d.supersedes:04d}."
    out += ["", "## Consequences", ""]
    out += [prose(["- {Team} updates the runbook for the {feature}.", "- {Person} re-estimates the {feature} by {weekday}.",
                   "- The change is reversible until {act}.", "- The {milestone} forecast moves by {n} days.",
                   "- *No change* to the budget.", "- Adds a dependency on {system}; see {ticket}.",
                   "- {Metric} is the measure of success, read out after {n} weeks."])
            for _ in range(r.randint(4, 6))]
    return "\n".join(out) + "\n"


def rag_walk(r: random.Random, n: int) -> list[str]:
    """Week-by-week status: mostly green, amber spells, the odd red week."""
    moves = {"green": [("amber", 0.12), ("red", 0.02)], "amber": [("green", 0.3), ("red", 0.1)],
             "red": [("amber", 0.45), ("green", 0.05)]}
    out, state = [], "green"
    for _ in range(n):
        x = r.random()
        for to, chance in moves[state]:
            if x < chance:
                state = to
                break
            x -= chance
        out.append(state)
    return out


def make_update(prose: Prose, c: Client, p: Project, date: dt.date, status: str, latest: bool) -> tuple:
    """One weekly note: (date, front matter, Markdown body). The latest note
    also carries what the project's planted problem needs."""
    r = prose.r
    plan = p.plan if latest else None
    front = {"status": status, "headline": prose(HEADLINES[status])}
    if r.random() < 0.3:
        front["author"] = r.choice([p.pm] + STAFF[:8])
    canary_in = r.choice(["Summary", "Progress", "Next"])
    sections = {"Summary": summary_section(prose, c, status, canary_in == "Summary"),
                "Progress": progress_section(prose, c, p, date, canary_in == "Progress"),
                "Next": next_section(prose, c, date, canary_in == "Next"),
                "Risks and issues": risks_section(prose, p, date, plan),
                "Decisions needed": decisions_section(prose, p, date)}
    order = [f"## {name}\n\n{text}" for name, text in sections.items()]
    if r.random() < 0.3 or plan in ("overdue-internal-note", "internal-overdue-reported"):
        internal = f"{internal_heading(r)}\n\n{internal_section(prose, p, plan)}"
        order.insert(4 if r.random() < 0.2 else 5, internal)  # last, or before Decisions needed
    return date, front, "\n\n".join(order) + "\n"


def summary_section(prose: Prose, c: Client, status: str, canary: bool) -> str:
    sentences = [prose(OPENINGS[status]), prose(["Next week we start {act}.", "No change to the launch forecast.",
                                                 "{Metric} is holding after last week's release.",
                                                 "The {feature} is ready for your review on staging."])]
    if prose.r.random() < 0.6:
        sentences.append(prose(["Please review the *{feature}* on staging.", "See **Decisions needed** below.",
                                "Thanks to {contact} for the quick turnaround."]))
    if canary:
        sentences.append(f"Ref {c.canary}.")
    return " ".join(sentences)


def progress_section(prose: Prose, c: Client, p: Project, date: dt.date, canary: bool) -> str:
    r = prose.r
    blocks = []
    if r.random() < 0.7:
        blocks.append(prose(["Most of the week went into the {feature} and the {system} integration.",
                             "The team focused on {act} and on closing defects from the last sprint.",
                             "Sprint {n} closed with {pct} points delivered out of {total} planned."],
                            total=str(r.randint(40, 60))))
    items = []
    for _ in range(r.randint(9, 13)):
        tail = prose(TAILS) if r.random() < 0.6 else ""
        items.append("- " + prose(PROGRESS, small=str(r.randint(0, 3)), total=str(r.randint(12, 60)),
                                  x=f"{r.uniform(0.5, 4):.1f}%", y=f"{r.uniform(0.5, 4.5):.1f}%",
                                  sku=f"{r.randint(300, 48000):,}") + tail + ".")
        if r.random() < 0.12:
            items += ["  - " + prose(["{Feature}: done", "{Feature}: in review with {person}",
                                      "{Feature}: blocked on {team}", "{code} updated"]) for _ in range(r.randint(2, 3))]
    for m in p.milestones:  # a gate signed off since the last note
        if m.gate and m.done and m.signed and date - WEEK < m.done <= date:
            items.append(f"- {m.id} ({m.title}) signed off by {r.choice(c.contacts)['name']} on {m.done}.")
    if canary:
        items.append(f"- Tracking reference for this week: {c.canary}.")
    blocks.append("\n".join(items))
    if r.random() < 0.25:
        blocks += ["### Numbers this week", "\n".join(
            prose("- {Metric}: {v} (was {w})", v=f"{r.uniform(0.5, 9.5):.2f}", w=f"{r.uniform(0.5, 9.5):.2f}")
            for _ in range(r.randint(2, 4)))]
    if r.random() < 0.5:
        blocks.append(prose(["Still open from last week: the {feature} copy and the {system} production "
                             "credentials. Both are with {team}.",
                             "We spent half a day on unplanned {act}; the contingency covers it and no date moves.",
                             "Velocity is steady at about {n} stories a week; the burn-up chart is in {ticket}."]))
    return "\n\n".join(blocks)


def next_section(prose: Prose, c: Client, date: dt.date, canary: bool) -> str:
    r = prose.r
    numbered = r.random() < 0.3
    steps = []
    for _ in range(r.randint(5, 8)):
        day = date + DAY * r.randint(2, 12)
        day += DAY * (7 - day.weekday()) if day.weekday() >= 5 else dt.timedelta()  # a working day
        steps.append(prose(NEXT, date=day.isoformat() if r.random() < 0.5 else human(day)))
    if canary:
        steps.append(f"Keep {c.canary} on the agenda for the weekly call.")
    return "\n".join(f"{k + 1}. {s}" if numbered else f"- {s}" for k, s in enumerate(steps))


def risks_section(prose: Prose, p: Project, date: dt.date, plan: str | None) -> str:
    r = prose.r
    blocks = []
    live = [x for x in p.risks if not x.internal and x.status == "open" and x.raised <= date]
    if live:
        picks = r.sample(live, min(len(live), r.randint(1, 4)))
        blocks.append(prose(["{id} is now likely: {reason}.", "{id} ({title}) is unchanged this week.",
                             "We are watching {id} closely: {reason}."], id=picks[0].id, title=picks[0].title,
                            reason=prose(["{team} moved our slot", "{system} confirmed a delay",
                                          "the {feature} needs more testing than planned"]))
                      + " " + prose(["If it lands, the {milestone} forecast moves by about {n} days.",
                                     "The mitigation is in place and {person} reviews it on {weekday}.",
                                     "There is no impact on the launch date yet."]))
        if len(picks) > 1:
            blocks.append("\n".join(f"- {x.id} ({x.type}): {x.title}, owner {x.owner}, P{x.probability} x I{x.impact}."
                                    for x in picks[1:]))
        if r.random() < 0.5:
            blocks.append(prose(["We closed two minor issues on the {feature} after retesting with {team}.",
                                 "The dependency on {system} is the one to watch: its next release changes {code}.",
                                 "Load on the staging environment is back to normal after last week's {act}."]))
        blocks.append(prose(["The full RAID log is on the risks page.", "No new risks were raised this week.",
                             "One new issue was logged against the {feature}; see {ticket}."]))
    else:
        blocks.append("No open risks or issues this week.")
    if plan == "overdue-reported":  # where the client reads it: no overdue-milestone warning
        m = p.overdue
        blocks.append(f"{m.id} ({m.title}) is overdue: its forecast of {m.forecast} has passed. "
                      + prose("We will confirm a new date with {contact} on {weekday}."))
    return "\n\n".join(blocks)


def decisions_section(prose: Prose, p: Project, date: dt.date) -> str:
    asks = []
    for d in p.decisions:
        if d.internal:
            continue
        if d.status == "proposed" and d.date <= date:
            asks.append(f"- Approve D-{d.num:04d} (*{d.title}*) by {d.due}.")
        elif d.status != "proposed" and date < d.date <= date + 2 * WEEK:
            asks.append(f"- Decide D-{d.num:04d} (*{d.title}*) by {d.date}.")
    if not asks:
        return "None this week."
    lead = prose(["We need the following from you this week to keep the {milestone} date:",
                  "Open decisions, oldest first:"]) + "\n\n" if prose.r.random() < 0.6 else ""
    return lead + "\n".join(asks)


def internal_section(prose: Prose, p: Project, plan: str | None) -> str:
    r = prose.r
    text = prose(INTERNAL_NOTES, burn=str(r.randint(40, 110)))
    hidden = [x for x in p.risks if x.internal]
    if hidden:
        text += f" {hidden[0].id} stays internal."
    if plan in ("overdue-internal-note", "internal-overdue-reported"):
        # Counts for an internal milestone; for a client-visible one it does not.
        text += f" {p.overdue.id} is late; do not re-forecast it with the client yet."
    if r.random() < 0.3:
        text += "\n\n### Commercial\n\n" + prose("Invoice {n} is {days} days overdue; {person} is chasing.",
                                                    days=str(r.randint(5, 60)))
    return text + f" Internal ref {p.canary}."


def internal_heading(r: random.Random) -> str:
    x = r.random()
    if x < 0.90:
        return "## Internal"
    if x < 0.95:
        return r.choice(["## internal", "## INTERNAL"])
    if x < 0.98:
        return "## Internal ##"  # a closing sequence: still the heading "Internal"
    return "Internal\n--------"  # a setext level-2 heading


# ---------------------------------------------------------------- YAML and files

PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 .,;!?%'()/+@-]*$")


def yq(value) -> str:
    """A YAML scalar: plain when that is safe, otherwise double-quoted."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float, dt.date)):
        return str(value)
    if (PLAIN.match(value) and ": " not in value and not value.endswith(" ")
            and value.lower() not in ("yes", "no", "true", "false", "on", "off", "null", "y", "n")):
        return value
    return json.dumps(value, ensure_ascii=False)


def front_matter(d: dict) -> str:
    lines = ["---"]
    for k, v in d.items():
        if v is not None:
            if isinstance(v, list):
                lines.append(f"{k}: [{', '.join(yq(x) for x in v)}]")
            elif isinstance(v, dict):
                lines.append(f"{k}: {{ {', '.join(f'{key}: {yq(x)}' for key, x in v.items())} }}")
            else:
                lines.append(f"{k}: {yq(v)}")
    return "\n".join(lines + ["---", ""])


def items_yaml(rows: list, fields: list, dates_as_strings: bool = False) -> list[str]:
    """A block sequence of mappings, leaving out empty fields."""
    out = []
    for row in rows:
        pairs = [(f, getattr(row, f)) for f in fields if getattr(row, f) not in (None, False)]
        for k, (f, v) in enumerate(pairs):
            text = json.dumps(v.isoformat()) if dates_as_strings and isinstance(v, dt.date) else yq(v)
            out.append(("  - " if k == 0 else "    ") + f"{f}: {text}")
    return out


MILESTONE_FIELDS = ["id", "title", "due", "forecast", "done", "gate", "owner", "internal"]
RISK_FIELDS = ["id", "type", "title", "probability", "impact", "owner", "mitigation", "status", "raised",
               "milestone", "internal"]
# Porthole's own fields the Hugo copy does not have.
CONTENT_RISK_FIELDS = RISK_FIELDS + ["closed"]


def milestones_yaml(milestones: list) -> list[str]:
    out = []
    for m in milestones:
        out += items_yaml([m], MILESTONE_FIELDS)
        if m.moved:
            out += ["    moved:"] + [f"      - {{ date: {on}, from: {old} }}" for on, old in m.moved]
    return out


def team_yaml(team: list) -> list[str]:
    if not team:
        return []
    return ["team:"] + ["  - { " + ", ".join(f"{k}: {yq(v)}" for k, v in entry.items()) + " }" for entry in team]


class Files:
    """Writes text files under a root, creating folders; counts files and bytes."""

    def __init__(self, root: str):
        self.root, self.files, self.bytes, self.folders = root, 0, 0, set()

    def write(self, relative: str, text: str) -> None:
        path = os.path.join(self.root, relative)
        folder = os.path.dirname(path)
        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)
        data = text.encode()
        with open(path, "wb") as f:
            f.write(data)
        self.files, self.bytes = self.files + 1, self.bytes + len(data)


def logo_svg(c: Client) -> str:
    initials = "".join(w[0] for w in c.name.split()[:2])
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
            f'<rect width="120" height="40" rx="6" fill="{c.color}"/><text x="60" y="26" font-family="sans-serif" '
            f'font-size="18" fill="#fff" text-anchor="middle">{initials}</text></svg>\n')


def write_shared(out: Files, clients: int) -> None:
    # The second pod person of every seventh client works 80 % (make_team).
    capacity = "".join(f"  - {{ person: {pod_person(2 * i + 1)}, percent: 80 }}\n" for i in range(3, clients, 7))
    out.write("portal.yaml", f"agency:\n  name: {AGENCY}\n  url: https://northwind.example\n"
                             f"  contact: pmo@northwind.example\nsite:\n  base_url: {BASE_URL}\n"
                             "  timezone: Europe/London\n  locale: en-GB\n  theme: default\n"
                             + (f"capacity:\n{capacity}" if capacity else ""))
    for slug, (name, phases, grace, milestones) in PLAYBOOKS.items():
        standard = "".join(f"  - {{ id: M{k + 1}, title: {t}, gate: {yq(g)}, week: {w} }}\n"
                           for k, (t, g, w) in enumerate(milestones))
        out.write(f"playbooks/{slug}.yaml",
                  f"name: {name}\nphases: [{', '.join(phases)}]\nupdate:\n  cadence_days: 7\n"
                  f"  grace_days: {grace}\n  sections: [{', '.join(SECTIONS)}]\n  summary_max_words: 80\n"
                  f"milestones:\n{standard}")


def write_client(out: Files, c: Client) -> None:
    folder = f"clients/{c.slug}"
    contacts = "".join(f"  - {{ name: {yq(x['name'])}, role: {x['role']}, email: {x['email']} }}\n" for x in c.contacts)
    out.write(f"{folder}/client.yaml", f"name: {yq(c.name)}\naccess: {c.access}\ncontacts:\n{contacts}"
                                       f"account_manager: {yq(c.manager)}\nbrand:\n  color: \"{c.color}\"\n  logo: logo.svg\n")
    out.write(f"{folder}/logo.svg", logo_svg(c))
    for p in c.projects:
        summary = "".join(f"  {line}\n" if line else "\n" for line in p.summary.rstrip("\n").split("\n"))
        lines = [f"name: {yq(p.name)}", f"playbook: {p.playbook}", f"pm: {yq(p.pm)}", f"start: {p.start}",
                 f"target: {p.target}", f"phase: {p.phase}", "summary: |\n" + summary.rstrip("\n"), "milestones:"]
        lines += milestones_yaml(p.milestones) + ["risks:"] + items_yaml(p.risks, CONTENT_RISK_FIELDS) + team_yaml(p.team)
        lines += money_yaml(p)
        out.write(f"{folder}/{p.slug}/project.yaml", "\n".join(lines) + "\n")
        for date, front, body in p.updates:
            out.write(f"{folder}/{p.slug}/updates/{date}.md", front_matter(front) + body)
        for d in p.decisions:
            out.write(f"{folder}/{p.slug}/decisions/{d.num:04d}-{d.slug}.md", front_matter(decision_front(d)) + "\n" + d.body)
        for x in p.changes:
            front = {"title": x.title, "status": x.status, "cost": x.cost, "days": x.days, "milestones": x.milestones,
                     "requested_by": x.requested_by, "decided_on": x.decided_on, "due": x.due,
                     "internal": True if x.internal else None}
            out.write(f"{folder}/{p.slug}/changes/{x.num:04d}-{x.slug}.md", front_matter(front) + x.body)


def money_yaml(p: Project) -> list[str]:
    lines = []
    if p.budget:
        lines += ["budget:"] + [f"  {k}: {yq(v)}" for k, v in p.budget.items()]
    if p.kpis:
        lines += ["kpis:"] + ["  - { " + ", ".join(f"{k}: {yq(v)}" for k, v in kpi.items()) + " }" for kpi in p.kpis]
    return lines


def decision_front(d: Decision) -> dict:
    return {"title": d.title, "date": d.date, "status": d.status, "deciders": d.deciders,
            "supersedes": d.supersedes, "due": d.due, "internal": True if d.internal else None}


# ---------------------------------------------------------------- the Hugo twin
# The same Markdown bodies; the YAML data moves into the front matter of
# section pages (_index.md). The theme does comparable work to a portal:
# breadcrumbs, the client's accent colour, latest RAG per project, milestone
# states, a 5x5 heat map, the RAID table with Markdown mitigations, decisions
# awaiting the client, the latest update inlined, the RAG history. Hugo has no
# notion of Internal sections and writes no feeds, calendars or status.json.

HUGO_CONFIG = """\
baseURL = "{base_url}"
languageCode = "en-gb"
title = "{agency}"
timeZone = "Europe/London"
buildFuture = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]

[params]
  today = "{today}"

[markup.goldmark.renderer]
  unsafe = false
"""

HUGO_BASEOF = """\
<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
{{ $css := resources.Get "style.css" | fingerprint }}
<link rel="stylesheet" href="{{ $css.RelPermalink }}" integrity="{{ $css.Data.Integrity }}">
{{ $client := false }}{{ if eq .Params.role "client" }}{{ $client = . }}{{ end }}
{{ range .Ancestors }}{{ if eq .Params.role "client" }}{{ $client = . }}{{ end }}{{ end }}
{{ with $client }}<style>:root { --accent: {{ .Params.brand.color | safeCSS }}; }</style>{{ end }}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
{{ with $client }}<p class="client"><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}
<nav aria-label="Breadcrumb"><ol>
{{ range .Ancestors.Reverse }}{{ if not .IsHome }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}
<li aria-current="page">{{ .Title }}</li>
</ol></nav>
</header>
<main id="main">{{ block "main" . }}{{ end }}</main>
<footer><p>{{ site.Title }} · status as of {{ site.Params.today }}</p></footer>
</body>
</html>
"""

HUGO_LIST = """\
{{ define "main" }}
{{ $today := site.Params.today }}
{{ $role := .Params.role }}
{{ if .IsHome }}
<h1>{{ site.Title }}</h1>
<p>Project status portals. Your account manager sends you the link to yours.</p>
{{ else if eq $role "client" }}
<h1>{{ .Title }}</h1>
{{ with .Resources.GetMatch "logo.svg" }}<img src="{{ .RelPermalink }}" alt="" width="120" height="40">{{ end }}
<p>Account manager: {{ .Params.account_manager }}</p>
<table><thead><tr><th>Project</th><th>Status</th><th>Phase</th><th>Next milestone</th><th>Latest</th></tr></thead><tbody>
{{ range .Sections }}
  {{ $latest := index ((.GetPage "updates").Pages.ByDate.Reverse) 0 }}
  {{ $next := false }}
  {{ range .Params.milestones }}{{ if and (not $next) (not .done) (not .internal) }}{{ $next = . }}{{ end }}{{ end }}
  <tr><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td>
  <td class="rag-{{ $latest.Params.status }}">{{ $latest.Params.status | upper }}</td><td>{{ .Params.phase }}</td>
  <td>{{ with $next }}{{ .title }} ({{ .forecast | default .due }}){{ else }}None{{ end }}</td>
  <td><a href="{{ $latest.RelPermalink }}">{{ $latest.Params.headline }}</a></td></tr>
{{ end }}
</tbody></table>
<h2>Contacts</h2>
<ul>{{ range .Params.contacts }}<li>{{ .name }}, {{ .role }} (<a href="mailto:{{ .email }}">{{ .email }}</a>)</li>{{ end }}</ul>
{{ else if eq $role "project" }}
{{ $updates := (.GetPage "updates").Pages.ByDate.Reverse }}
{{ $latest := index $updates 0 }}
<h1>{{ .Title }}</h1>
<p class="rag-{{ $latest.Params.status }}">{{ $latest.Params.status | upper }}: {{ $latest.Params.headline }}</p>
<p>Phase: {{ .Params.phase }} · PM: {{ .Params.pm }} · Target: {{ .Params.target }}</p>
{{ .Content }}
<h2>Milestones</h2>
<table><thead><tr><th>ID</th><th>Milestone</th><th>Baseline</th><th>Forecast</th><th>State</th></tr></thead><tbody>
{{ range where .Params.milestones "internal" "!=" true }}
  {{ $forecast := .forecast | default .due }}
  {{ $state := "on track" }}
  {{ if .done }}{{ $state = "done" }}{{ else if gt $today $forecast }}{{ $state = "overdue" }}{{ else if gt $forecast .due }}{{ $state = "slipping" }}{{ end }}
  <tr class="{{ $state | urlize }}"><td>{{ .id }}</td><td>{{ .title }}{{ if .gate }} (gate){{ end }}</td><td>{{ .due }}</td><td>{{ $forecast }}</td><td>{{ $state }}{{ with .done }} {{ . }}{{ end }}</td></tr>
{{ end }}
</tbody></table>
<h2>Risks, assumptions, issues and dependencies</h2>
{{ $raid := where .Params.risks "internal" "!=" true }}
{{ $open := where $raid "status" "!=" "closed" }}
<table class="heat" aria-label="Open items by probability and impact">
{{ range seq 5 }}{{ $p := sub 6 . }}<tr><th scope="row">{{ $p }}</th>
  {{ range seq 5 }}{{ $i := . }}{{ $n := 0 }}
  {{ range $open }}{{ if and (eq .probability $p) (eq .impact $i) }}{{ $n = add $n 1 }}{{ end }}{{ end }}
  <td class="score-{{ mul $p $i }}">{{ if $n }}{{ $n }}{{ end }}</td>{{ end }}</tr>
{{ end }}
</table>
<table><thead><tr><th>ID</th><th>Type</th><th>Title</th><th>P x I</th><th>Owner</th><th>Mitigation</th><th>Status</th></tr></thead><tbody>
{{ range sort $raid "probability" "desc" }}
  <tr><td>{{ .id }}</td><td>{{ .type | humanize }}</td><td>{{ .title }}</td><td>{{ .probability }} x {{ .impact }}</td><td>{{ .owner }}</td><td>{{ .mitigation | markdownify }}</td><td>{{ .status }}</td></tr>
{{ end }}
</tbody></table>
<h2>Decisions awaiting you</h2>
<ul>{{ range where (.GetPage "decisions").Pages "Params.status" "proposed" }}<li><a href="{{ .RelPermalink }}">D-{{ printf "%04d" .Params.number }} {{ .Title }}</a>, by {{ .Params.due }}</li>{{ else }}<li>None</li>{{ end }}</ul>
<h2>Latest update, {{ $latest.Date.Format "2 January 2006" }}</h2>
{{ $latest.Content }}
{{ else if eq $role "updates" }}
<h1>Updates</h1>
<ol class="history">{{ range .Pages.ByDate }}<li class="rag-{{ .Params.status }}" title="{{ .Date.Format "2006-01-02" }}">{{ .Params.status }}</li>{{ end }}</ol>
<ul>{{ range .Pages.ByDate.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Date.Format "2 January 2006" }}</a> <span class="rag-{{ .Params.status }}">{{ .Params.status | upper }}</span> {{ .Params.headline }}</li>
{{ end }}</ul>
{{ else if eq $role "decisions" }}
<h1>Decisions</h1>
<table><thead><tr><th>No.</th><th>Decision</th><th>Status</th><th>Date</th></tr></thead><tbody>
{{ range where .Pages.ByWeight "Params.internal" "!=" true }}
<tr><td>D-{{ printf "%04d" .Params.number }}</td><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.status | humanize }}</td><td>{{ .Date.Format "2006-01-02" }}</td></tr>
{{ end }}
</tbody></table>
{{ end }}
{{ end }}
"""

HUGO_SINGLE = """\
{{ define "main" }}
{{ if eq .Params.role "update" }}
<article>
<h1>Status update, {{ .Date.Format "2 January 2006" }}</h1>
<p class="rag-{{ .Params.status }}">{{ .Params.status | upper }}: {{ .Params.headline }}</p>
<p>By {{ .Params.author | default .Parent.Parent.Params.pm }}</p>
{{ .Content }}
</article>
<nav aria-label="Other updates">
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Date.Format "2006-01-02" }}</a>{{ end }}
<a href="{{ .Parent.RelPermalink }}">All updates</a>
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Date.Format "2006-01-02" }}</a>{{ end }}
</nav>
{{ else }}
<article>
<h1>D-{{ printf "%04d" .Params.number }}: {{ .Title }}</h1>
<dl>
<dt>Status</dt><dd>{{ .Params.status | humanize }}</dd>
<dt>Date</dt><dd>{{ .Date.Format "2 January 2006" }}</dd>
{{ with .Params.deciders }}<dt>Deciders</dt><dd>{{ delimit . ", " }}</dd>{{ end }}
{{ with .Params.due }}<dt>Answer needed by</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.supersedes }}{{ $n := printf "%04d" . }}<dt>Supersedes</dt><dd><a href="../{{ $n }}/">D-{{ $n }}</a></dd>{{ end }}
</dl>
{{ .Content }}
</article>
{{ end }}
{{ end }}
"""

HUGO_404 = '{{ define "main" }}<h1>Page not found</h1><p>Check the link your account manager sent you.</p>{{ end }}\n'

HUGO_CSS = """\
:root { --accent: #1f6feb; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; }
a { color: var(--accent); }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; }
nav ol { list-style: none; padding: 0; display: flex; gap: .5rem; flex-wrap: wrap; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #ccc; padding: .25rem .5rem; }
.rag-green { background: #d4f4dd; } .rag-amber { background: #ffe8b3; } .rag-red { background: #ffd0d0; }
.history { display: flex; list-style: none; padding: 0; gap: 2px; font-size: 0; } .history li { width: 8px; height: 16px; }
@media print { nav, .skip { display: none; } }
"""


def write_hugo_theme(out: Files, today: dt.date) -> None:
    out.write("config.toml", HUGO_CONFIG.format(base_url=BASE_URL, agency=AGENCY, today=today))
    out.write("layouts/_default/baseof.html", HUGO_BASEOF)
    out.write("layouts/_default/list.html", HUGO_LIST)
    out.write("layouts/_default/single.html", HUGO_SINGLE)
    out.write("layouts/404.html", HUGO_404)
    out.write("assets/style.css", HUGO_CSS)
    out.write("content/_index.md", front_matter({"title": AGENCY}))


def write_hugo_client(out: Files, c: Client) -> None:
    folder = f"content/{c.slug}"
    contacts = "".join(f"  - {{ name: {yq(x['name'])}, role: {x['role']}, email: {x['email']} }}\n" for x in c.contacts)
    out.write(f"{folder}/_index.md", f"---\ntitle: {yq(c.name)}\nrole: client\naccess: {c.access}\n"
                                     f"account_manager: {yq(c.manager)}\ncontacts:\n{contacts}"
                                     f"brand:\n  color: \"{c.color}\"\n---\n")
    out.write(f"{folder}/logo.svg", logo_svg(c))
    for p in c.projects:
        lines = ["---", f"title: {yq(p.name)}", "role: project", f"pm: {yq(p.pm)}", f"target: \"{p.target}\"",
                 f"phase: {p.phase}", "milestones:"]
        lines += items_yaml(p.milestones, MILESTONE_FIELDS, True) + ["risks:"]
        lines += items_yaml(p.risks, RISK_FIELDS, True) + ["---"]
        out.write(f"{folder}/{p.slug}/_index.md", "\n".join(lines) + "\n" + p.summary)
        out.write(f"{folder}/{p.slug}/updates/_index.md", front_matter({"title": "Updates", "role": "updates"}))
        out.write(f"{folder}/{p.slug}/decisions/_index.md", front_matter({"title": "Decisions", "role": "decisions"}))
        for date, front, body in p.updates:
            page = {"title": f"Status update {date}", "date": date, "role": "update", **front}
            out.write(f"{folder}/{p.slug}/updates/{date}.md", front_matter(page) + body)
        for d in p.decisions:
            page = {**decision_front(d), "due": d.due and str(d.due), "role": "decision", "number": d.num,
                    "weight": d.num, "slug": f"{d.num:04d}"}
            out.write(f"{folder}/{p.slug}/decisions/{d.num:04d}-{d.slug}.md", front_matter(page) + "\n" + d.body)


# ---------------------------------------------------------------- main

def replace(folder: str, names: list[str], force: bool) -> None:
    for name in names:
        path = os.path.join(folder, name)
        if os.path.lexists(path):
            if not force:
                sys.exit(f"gen_corpus: {path} exists; --force replaces it")
            shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else os.remove(path)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Write a synthetic agency in Porthole's content format "
                                             "(and, with --hugo, the same as a Hugo site).")
    ap.add_argument("--clients", type=int, default=200, help="number of clients (default 200)")
    ap.add_argument("--projects-per-client", type=int, default=3, metavar="N", help="default 3")
    ap.add_argument("--weeks", type=int, default=52, help="weekly updates per project (default 52)")
    ap.add_argument("--decisions", type=int, default=12, help="decision records per project (default 12)")
    ap.add_argument("--seed", type=int, default=1, help="default 1")
    ap.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 11, 27),
                    help="the corpus's today (default 2026-11-27): give porthole the same --today")
    ap.add_argument("--out", default="corpus", metavar="DIR", help="writes DIR/content and DIR/canaries.json")
    ap.add_argument("--hugo", metavar="DIR", help="also write the equivalent Hugo site into DIR")
    ap.add_argument("--force", action="store_true", help="replace what an earlier run wrote")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    if min(args.clients, args.projects_per_client, args.weeks) < 1 or args.decisions < 0:
        ap.error("--clients, --projects-per-client and --weeks must be at least 1, --decisions at least 0")

    replace(args.out, ["content", "canaries.json"], args.force)
    content = Files(os.path.join(args.out, "content"))
    write_shared(content, args.clients)
    hugo = None
    if args.hugo:
        replace(args.hugo, ["config.toml", "content", "layouts", "assets", "public", "resources"], args.force)
        hugo = Files(args.hugo)
        write_hugo_theme(hugo, args.today)
    canaries = {"seed": args.seed, "today": str(args.today),
                "note": "client: only in that client's portal folder; internal: nowhere under site/",
                "clients": {}}
    for i in range(args.clients):
        c = make_client(args, i, args.today)
        write_client(content, c)
        if hugo:
            write_hugo_client(hugo, c)
        if c.i % 4 == 1:
            canaries.setdefault("overallocated", []).append(pod_person(2 * c.i))
        canaries["clients"][c.slug] = {"name": c.name, "access": c.access, "client": c.canary, "team": c.team_token,
                                       "internal": {p.slug: p.canary for p in c.projects}}
    with open(os.path.join(args.out, "canaries.json"), "w", encoding="utf-8") as f:
        json.dump(canaries, f, indent=2, ensure_ascii=False)
        f.write("\n")
    if not args.quiet:
        print(f"content: {content.files} files, {content.bytes / 1e6:.1f} MB in {content.root}")
        if hugo:
            print(f"hugo: {hugo.files} files, {hugo.bytes / 1e6:.1f} MB in {hugo.root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
