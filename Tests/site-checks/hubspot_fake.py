"""A local stand-in for the HubSpot CRM v3 API, for `porthole hubspot`'s
tests: the endpoints Porthole uses, with HubSpot's documented request and
answer shapes (developers.hubspot.com/docs/api/crm/understanding-the-crm,
…/crm/properties, …/crm/owners, …/crm/notes), cursor pagination through
`paging.next.after`, batches of at most 100, 401 for a wrong token, 403
MISSING_SCOPES, and one 429 with Retry-After (or one 503) when asked. It runs on
127.0.0.1 in a thread of the test and records every request it received.
"""
import csv
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

NOW = "2026-11-27T09:00:00.000Z"
# Properties HubSpot defines itself, so the properties API lists them.
BUILT_IN = {
    "companies": ["name", "domain", "hs_object_id", "hubspot_owner_id"],
    "contacts": ["firstname", "lastname", "email", "jobtitle", "hs_object_id"],
    "deals": ["dealname", "pipeline", "dealstage", "dealtype", "closedate", "hubspot_owner_id", "hs_object_id"],
    "notes": ["hs_note_body", "hs_timestamp", "hubspot_owner_id", "hs_object_id"],
}
PIPELINE_LABELS = {"default": "Sales Pipeline", "retainers": "Retainers"}
DEAL_TYPE_LABELS = {"newbusiness": "New Business", "existingbusiness": "Existing Business"}


class Request:
    def __init__(self, method, path, query, headers, body, at):
        self.method, self.path, self.query, self.headers, self.body, self.at = method, path, query, headers, body, at

    def json(self):
        return json.loads(self.body) if self.body else None

    def __repr__(self):
        return f"{self.method} {self.path}"


class FakeHubSpot:
    def __init__(self, token="pat-test-token"):
        self.token = token
        self.lock = threading.Lock()
        self.requests = []
        self.companies, self.contacts, self.deals, self.owners, self.notes = {}, {}, {}, {}, {}
        self.associations = {}  # (from type, id) -> {to type: [ids]}
        self.properties = {obj: {name: {"name": name, "groupName": "hubspot"} for name in names}
                           for obj, names in BUILT_IN.items()}
        self.groups = {obj: {"hubspot"} for obj in BUILT_IN}
        self.rate_limit_next = None  # a path prefix: the next request to it gets one 429
        self.unavailable_next = None  # a path prefix: the next request to it gets one 503, no Retry-After
        self.missing_scopes = None  # a list: every request gets 403 MISSING_SCOPES
        self.next_id = 90000
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # -- lifecycle ---------------------------------------------------------
    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    # -- seeding -----------------------------------------------------------
    def new_id(self):
        self.next_id += 1
        return str(self.next_id)

    def add_owner(self, owner_id, first, last, email):
        self.owners[owner_id] = {"id": owner_id, "email": email, "firstName": first, "lastName": last,
                                 "userId": int(owner_id) + 1, "createdAt": NOW, "updatedAt": NOW, "archived": False}

    def add_company(self, company_id, name, contacts=(), deals=()):
        self.companies[company_id] = {"name": name, "domain": None, "hs_object_id": company_id}
        self.associations[("companies", company_id)] = {"contacts": list(contacts), "deals": list(deals)}

    def add_contact(self, contact_id, first, last, email, title=None):
        self.contacts[contact_id] = {"firstname": first, "lastname": last, "email": email, "jobtitle": title,
                                     "hs_object_id": contact_id}

    def add_deal(self, deal_id, name, pipeline="default", dealtype="newbusiness", closedate=None, owner=None):
        self.deals[deal_id] = {"dealname": name, "pipeline": pipeline, "dealtype": dealtype, "dealstage": "closedwon",
                               "closedate": closedate, "hubspot_owner_id": owner, "hs_object_id": deal_id}

    def store(self, obj):
        return {"companies": self.companies, "contacts": self.contacts, "deals": self.deals, "notes": self.notes}[obj]

    # -- what tests read ----------------------------------------------------
    def calls(self, method=None, path=None):
        with self.lock:
            return [r for r in self.requests if (method is None or r.method == method) and (path is None or r.path == path)]

    def export_csv(self, folder):
        """The seeded records as HubSpot's CSV exports (labels, not internal
        values; the owner's name; associated ids separated by ';')."""
        companies = folder / "hubspot-crm-exports-all-companies.csv"
        with companies.open("w", newline="", encoding="utf-8-sig") as f:
            w = csv.writer(f)
            w.writerow(["Record ID", "Company name", "Company Domain Name", "Create Date", "Company owner"])
            for cid, c in self.companies.items():
                w.writerow([cid, c["name"], c["domain"] or "", "2026-01-05 10:00", ""])
        contacts = folder / "hubspot-crm-exports-all-contacts.csv"
        with contacts.open("w", newline="", encoding="utf-8-sig") as f:
            w = csv.writer(f)
            w.writerow(["Record ID", "First Name", "Last Name", "Email", "Job Title", "Associated Company IDs",
                        "Associated Company"])
            for pid, p in self.contacts.items():
                owners = [cid for (kind, cid), a in self.associations.items() if kind == "companies" and pid in a["contacts"]]
                w.writerow([pid, p["firstname"] or "", p["lastname"] or "", p["email"] or "", p["jobtitle"] or "",
                            ";".join(owners), ";".join(self.companies[c]["name"] for c in owners)])
        deals = folder / "hubspot-crm-exports-all-deals.csv"
        with deals.open("w", newline="", encoding="utf-8-sig") as f:
            w = csv.writer(f)
            w.writerow(["Record ID", "Deal Name", "Deal Stage", "Close Date", "Deal owner", "Amount", "Pipeline",
                        "Deal Type", "Associated Company IDs (Primary)", "Associated Company (Primary)"])
            for did, d in self.deals.items():
                company = next((cid for (kind, cid), a in self.associations.items() if kind == "companies" and did in a["deals"]), "")
                owner = self.owners.get(d["hubspot_owner_id"] or "")
                w.writerow([did, d["dealname"], "Closed won", (d["closedate"] or "")[:10] + (" 10:00" if d["closedate"] else ""),
                            f"{owner['firstName']} {owner['lastName']}" if owner else "", "12000",
                            PIPELINE_LABELS.get(d["pipeline"], d["pipeline"]), DEAL_TYPE_LABELS.get(d["dealtype"], d["dealtype"]),
                            company, self.companies.get(company, {}).get("name", "")])
        return [companies, contacts, deals]

    # -- the API -------------------------------------------------------------
    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _serve(self, method):
                split = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                request = Request(method, split.path, parse_qs(split.query), dict(self.headers), body, time.monotonic())
                with fake.lock:
                    fake.requests.append(request)
                    status, payload, headers = fake.answer(request)
                data = json.dumps(payload).encode() if payload is not None else b""
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self._serve("GET")

            def do_POST(self):
                self._serve("POST")

            def do_PATCH(self):
                self._serve("PATCH")

        return Handler

    @staticmethod
    def error(status, category, message, **extra):
        return status, dict({"status": "error", "message": message, "correlationId": str(uuid.uuid4()),
                             "category": category}, **extra), {}

    def answer(self, r):
        if r.headers.get("Authorization") != f"Bearer {self.token}":
            return self.error(401, "INVALID_AUTHENTICATION",
                              "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find "
                              "more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview")
        if self.missing_scopes:
            return self.error(403, "MISSING_SCOPES",
                              "This app hasn't been granted all required scopes to make this call. Read more about required "
                              "scopes here: https://developers.hubspot.com/scopes.",
                              errors=[{"message": "One or more of the following scopes are required.",
                                       "context": {"requiredGranularScopes": self.missing_scopes}}])
        if self.rate_limit_next and r.path.startswith(self.rate_limit_next):
            self.rate_limit_next = None
            status, body, _ = self.error(429, "RATE_LIMITS", "You have reached your ten_secondly_rolling limit.",
                                         errorType="RATE_LIMIT", policyName="TEN_SECONDLY_ROLLING")
            return status, body, {"Retry-After": "1"}
        if self.unavailable_next and r.path.startswith(self.unavailable_next):
            self.unavailable_next = None
            return self.error(503, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable.")
        parts = r.path.strip("/").split("/")
        try:
            if parts[:3] == ["crm", "v3", "objects"]:
                return self.objects(r, parts[3:])
            if parts[:3] == ["crm", "v3", "properties"]:
                return self.property_api(r, parts[3:])
            if parts[:3] == ["crm", "v3", "owners"] and r.method == "GET":
                owners = sorted(self.owners.values(), key=lambda o: int(o["id"]))
                return self.page(r, owners)
        except (KeyError, ValueError, TypeError) as problem:
            return self.error(400, "VALIDATION_ERROR", f"Invalid input JSON on line 1: {problem}")
        return self.error(404, "OBJECT_NOT_FOUND", f"No route for {r.method} {r.path}")

    def page(self, r, items):
        limit = int(r.query.get("limit", ["10"])[0])
        if limit > 100:
            limit = 100
        start = int(r.query.get("after", ["0"])[0])
        chunk = items[start:start + limit]
        body = {"results": chunk}
        if start + limit < len(items):
            after = str(start + limit)
            body["paging"] = {"next": {"after": after, "link": f"{self.url}{r.path}?after={after}"}}
        return 200, body, {}

    def record(self, obj, rid, names):
        values = self.store(obj)[rid]
        return {"id": rid, "properties": {n: values.get(n) for n in names + ["hs_object_id"]},
                "createdAt": NOW, "updatedAt": NOW, "archived": False}

    def objects(self, r, parts):
        obj = parts[0]
        if obj not in BUILT_IN:
            raise KeyError(obj)
        if len(parts) == 1 and r.method == "GET":
            names = ",".join(r.query.get("properties", [""])).split(",")
            names = [n for n in names if n]
            wanted = ",".join(r.query.get("associations", [""])).split(",")
            items = []
            for rid in sorted(self.store(obj), key=int):
                item = self.record(obj, rid, names)
                linked = self.associations.get((obj, rid), {})
                assoc = {kind: {"results": [{"id": i, "type": f"{obj[:-1].replace('companie', 'company')}_to_{kind[:-1]}"}
                                            for i in linked.get(kind, [])]}
                         for kind in wanted if kind and linked.get(kind)}
                if assoc:
                    item["associations"] = assoc
                items.append(item)
            return self.page(r, items)
        if len(parts) == 3 and parts[1] == "batch" and r.method == "POST":
            body = r.json()
            inputs = body["inputs"]
            if len(inputs) > 100:
                return self.error(400, "VALIDATION_ERROR", "Batch input must have at most 100 inputs.")
            return getattr(self, "batch_" + parts[2])(obj, body, inputs)
        raise KeyError(r.path)

    def find(self, obj, key, id_property):
        if not id_property:
            return key if key in self.store(obj) else None
        return next((rid for rid, v in self.store(obj).items() if v.get(id_property) == key), None)

    def check_properties(self, obj, properties):
        unknown = [n for n in properties if n not in self.properties[obj]]
        if unknown:
            raise ValueError(f"Property values were not valid: property {unknown[0]!r} does not exist")

    def batch_answer(self, results, missing):
        body = {"status": "COMPLETE", "results": results, "startedAt": NOW, "completedAt": NOW}
        if not missing:
            return 200, body, {}
        body["numErrors"] = 1
        body["errors"] = [{"status": "error", "category": "OBJECT_NOT_FOUND", "message": "Could not get some objects, "
                           "they may be deleted or not exist. Check that ids are valid.", "context": {"ids": missing}}]
        return 207, body, {}

    def batch_read(self, obj, body, inputs):
        names = body.get("properties", [])
        id_property = body.get("idProperty")
        results, missing = [], []
        for item in inputs:
            rid = self.find(obj, item["id"], id_property)
            (results.append(self.record(obj, rid, names)) if rid else missing.append(item["id"]))
        return self.batch_answer(results, missing)

    def batch_update(self, obj, body, inputs):
        results, missing = [], []
        for item in inputs:
            self.check_properties(obj, item["properties"])
            rid = self.find(obj, item["id"], item.get("idProperty"))
            if not rid:
                missing.append(item["id"])
                continue
            self.store(obj)[rid].update(item["properties"])
            results.append(self.record(obj, rid, list(item["properties"])))
        return self.batch_answer(results, missing)

    def batch_upsert(self, obj, body, inputs):
        results = []
        for item in inputs:
            id_property = item["idProperty"]
            if not self.properties[obj].get(id_property, {}).get("hasUniqueValue"):
                return self.error(400, "VALIDATION_ERROR", f"{id_property} is not a unique property")
            self.check_properties(obj, item["properties"])
            rid = self.find(obj, item["id"], id_property)
            new = rid is None
            if new:
                rid = self.new_id()
                self.store(obj)[rid] = {"hs_object_id": rid, id_property: item["id"]}
            self.store(obj)[rid].update(item["properties"])
            result = self.record(obj, rid, list(item["properties"]))
            result["new"] = new
            results.append(result)
        return 200, {"status": "COMPLETE", "results": results, "startedAt": NOW, "completedAt": NOW}, {}

    def batch_create(self, obj, body, inputs):
        results = []
        for item in inputs:
            self.check_properties(obj, item["properties"])
            for name, value in item["properties"].items():
                if self.properties[obj][name].get("hasUniqueValue") and self.find(obj, value, name):
                    return self.error(409, "CONFLICT", f"A {obj[:-1]} with {name}={value} already exists")
            for association in item.get("associations", []):
                kind = association["types"][0]
                if kind["associationCategory"] != "HUBSPOT_DEFINED" or not isinstance(kind["associationTypeId"], int):
                    raise ValueError("bad association type")
                if association["to"]["id"] not in self.deals:
                    raise ValueError("association to an unknown record")
            rid = self.new_id()
            self.store(obj)[rid] = dict(item["properties"], hs_object_id=rid)
            self.associations[(obj, rid)] = {"deals": [a["to"]["id"] for a in item.get("associations", [])]}
            results.append(self.record(obj, rid, list(item["properties"])))
        return 201, {"status": "COMPLETE", "results": results, "startedAt": NOW, "completedAt": NOW}, {}

    def property_api(self, r, parts):
        obj = parts[0]
        if obj not in BUILT_IN:
            raise KeyError(obj)
        if len(parts) == 1 and r.method == "GET":
            return 200, {"results": list(self.properties[obj].values())}, {}
        if parts[1:] == ["batch", "create"] and r.method == "POST":
            results = []
            for item in r.json()["inputs"]:
                for field in ("name", "label", "type", "fieldType", "groupName"):
                    if not item.get(field):
                        raise ValueError(f"missing {field}")
                if item["groupName"] not in self.groups[obj]:
                    raise ValueError(f"group {item['groupName']} does not exist")
                if item["type"] == "enumeration" and not item.get("options"):
                    raise ValueError("an enumeration needs options")
                self.properties[obj][item["name"]] = dict(item)
                results.append(dict(item, createdAt=NOW, updatedAt=NOW, archived=False))
            return 201, {"status": "COMPLETE", "results": results, "startedAt": NOW, "completedAt": NOW}, {}
        if parts[1:2] == ["groups"]:
            if len(parts) == 3 and r.method == "GET":
                if parts[2] in self.groups[obj]:
                    return 200, {"name": parts[2], "label": parts[2], "displayOrder": -1, "archived": False}, {}
                return self.error(404, "OBJECT_NOT_FOUND", f"Unable to find property group {parts[2]}")
            if len(parts) == 2 and r.method == "POST":
                group = r.json()
                self.groups[obj].add(group["name"])
                return 201, dict(group, archived=False), {}
        raise KeyError(r.path)
