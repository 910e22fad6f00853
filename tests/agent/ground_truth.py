#!/usr/bin/env python3
"""The expected answer of every question in questions.json, computed from mist-sim's raw HTTP API
(plain requests with the simulator's token, never through mistmcp), so that the answers a model
gets through the server can be judged against the cloud's own data.

  ground_truth.py [--state FILE | --sim URL --token-env VAR] [--phase before|after] [--check]

Prints JSON {id: {"kind", "question", "answer"}}: `question` is the question's text with the
entities it names (a site, an AP, a client...) picked from the world, so nothing depends on the
world's names or sizes; `answer` is what a right answer must say.

--phase after: the write questions' answers are checks of what the run changed (the WLAN was
created exactly once; the object a refused delete named still exists), each with `passed`.
--check: also validate questions.json and every answer (non-empty, well formed); exit 1 naming
each failure. CI runs this against a fresh simulator (tests/external/agent_ground_truth.sh).

Standard library only, so CI needs nothing installed.
"""

import argparse
import collections
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Where world.sh keeps its state: the same AGENT_WORLD_DIR rule.
DEFAULT_STATE = Path(os.environ.get("AGENT_WORLD_DIR") or HERE.parents[1] / "target" / "agent-world") / "state.json"
PAGE = 1000
MAX_PAGES = 50
# The SSID the write question asks the model to create: not in any generated world.
NEW_SSID = "agent-eval-guest"


class Sim:
    def __init__(self, base, token):
        self.base = base.rstrip("/")
        self.token = token

    def get(self, path, **params):
        query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
        url = f"{self.base}{path}" + (f"?{query}" if query else "")
        request = urllib.request.Request(url, headers={"Authorization": f"Token {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return json.load(answer)
        except urllib.error.HTTPError as e:
            raise SystemExit(f"ground_truth.py: GET {path} answered {e.code}: {e.read()[:200]!r}")

    def records(self, path, **params):
        """Every record of a listing, whichever way it pages: a bare array (page/limit), or a
        search object with `results` (and `total` or `next`)."""
        out = []
        for page in range(1, MAX_PAGES + 1):
            answer = self.get(path, limit=PAGE, page=page, **params)
            batch = answer if isinstance(answer, list) else answer.get("results") or []
            out.extend(batch)
            total = answer.get("total") if isinstance(answer, dict) else None
            if len(batch) < PAGE or (total is not None and len(out) >= total):
                break
        return out


class World:
    """What every question needs, read once."""

    def __init__(self, sim):
        self.sim = sim
        me = sim.get("/api/v1/self")
        orgs = [p["org_id"] for p in me.get("privileges", []) if p.get("scope") == "org"]
        if not orgs:
            raise SystemExit("ground_truth.py: the token reaches no organisation")
        self.org = orgs[0]
        self.sites = sorted(sim.records(f"/api/v1/orgs/{self.org}/sites"), key=lambda s: s["name"])
        self.site_name = {s["id"]: s["name"] for s in self.sites}
        self.devices = sorted(self.org_records("stats/devices", type="all"), key=lambda d: d.get("name") or d["mac"])
        self.device_by_mac = {d["mac"]: d for d in self.devices}

    def org_records(self, tail, **params):
        return self.sim.records(f"/api/v1/orgs/{self.org}/{tail}", **params)

    def site_of(self, record):
        return self.site_name.get(record.get("site_id"), record.get("site_id"))

    def of_type(self, kind):
        return [d for d in self.devices if d.get("type") == kind]

    def first_site(self):
        return self.sites[0]


def name_of(device):
    return device.get("name") or device.get("hostname") or device["mac"]


def connected(device):
    return device.get("status") == "connected"


def first(items, what):
    if not items:
        raise SystemExit(f"ground_truth.py: the world has no {what} to ask about")
    return items[0]


# Each truth function takes the World and returns (params for the question's text, answer).


def offline_devices(w):
    down = [{"name": name_of(d), "type": d.get("type"), "site": w.site_of(d), "status": d.get("status")}
            for d in w.devices if not connected(d)]
    return {}, {"count": len(down), "devices": down}


def client_ap(w):
    clients = [c for c in w.org_records("clients/search") if c.get("last_hostname") and c.get("last_ap")]
    client = first(sorted(clients, key=lambda c: c["mac"]), "wireless client with a hostname and an AP")
    ap = w.device_by_mac.get(client["last_ap"], {"mac": client["last_ap"]})
    return {"client": client["last_hostname"]}, {
        "ap": name_of(ap), "ap_mac": client["last_ap"], "site": w.site_of(client), "ssid": client.get("last_ssid"),
    }


def critical_alarms_per_site(w):
    alarms = [a for a in w.org_records("alarms/search") if a.get("severity") == "critical"]
    per_site = collections.Counter(w.site_of(a) for a in alarms)
    return {}, {"total": len(alarms), "per_site": dict(sorted(per_site.items()))}


def ap_firmware_spread(w):
    versions = collections.Counter(d.get("version") for d in w.of_type("ap"))
    return {}, {"aps": sum(versions.values()), "per_version": dict(sorted(versions.items(), key=str))}


def org_wlan_security(w):
    wlans = w.org_records("wlans")
    auth = {x["ssid"]: (x.get("auth") or {}).get("type", "open") for x in wlans}
    return {}, {"wlans": dict(sorted(auth.items())), "open": sorted(s for s, t in auth.items() if t == "open")}


def ap_radio_5ghz(w):
    aps = [d for d in w.of_type("ap") if connected(d) and (d.get("radio_stat") or {}).get("band_5")]
    ap = first(aps, "connected AP with a 5 GHz radio")
    band = ap["radio_stat"]["band_5"]
    return {"ap": name_of(ap)}, {"channel": band.get("channel"), "power_dbm": band.get("power"),
                                 "bandwidth_mhz": band.get("bandwidth")}


def webhooks(w):
    hooks = [{"name": h.get("name"), "url": h.get("url"), "topics": h.get("topics"), "enabled": h.get("enabled")}
             for h in w.org_records("webhooks")]
    return {}, {"count": len(hooks), "webhooks": sorted(hooks, key=lambda h: h["name"] or "")}


def site_sle_rows(w):
    """The org's per-site wireless SLE scores: metric name -> score, per site id."""
    rows = {}
    for row in w.sim.get(f"/api/v1/orgs/{w.org}/insights/sites-sle", sle="wifi").get("results") or []:
        scores = {k: v for k, v in row.items()
                  if isinstance(v, (int, float)) and not isinstance(v, bool) and not k.startswith("num_")}
        rows[row.get("site_id")] = scores
    return rows


def site_worst_sle(w):
    rows = site_sle_rows(w)
    site = first([s for s in w.sites if rows.get(s["id"])], "site with wireless SLE scores")
    scores = rows[site["id"]]
    worst = min(scores, key=scores.get)
    # Mist scores are fractions; the server and the dashboard show them as percentages.
    return {"site": site["name"]}, {"worst_metric": worst, "score": scores[worst],
                                    "score_percent": round(scores[worst] * 100, 1), "scores": scores}


def what_is_mac(w):
    switch = first(w.of_type("switch"), "switch")
    return {"mac": switch["mac"]}, {"type": "switch", "name": name_of(switch), "model": switch.get("model"),
                                    "site": w.site_of(switch)}


def audit_log_per_admin(w):
    entries = w.org_records("logs/search")
    per_admin = collections.Counter(e.get("admin_name") for e in entries)
    return {}, {"entries": len(entries), "per_admin": dict(per_admin.most_common())}


def clients_per_ssid(w):
    latest = {}
    for c in w.org_records("clients/search"):
        latest[c["mac"]] = c.get("last_ssid") or (c.get("ssid") or [None])[-1]
    per_ssid = collections.Counter(latest.values())
    return {}, {"clients": len(latest), "per_ssid": dict(sorted(per_ssid.items(), key=str))}


def switches_firmware(w):
    switches = [{"name": name_of(d), "model": d.get("model"), "version": d.get("version"), "status": d.get("status"),
                 "site": w.site_of(d)} for d in w.of_type("switch")]
    return {}, {"count": len(switches), "switches": switches}


def gateways(w):
    gws = [{"name": name_of(d), "model": d.get("model"), "site": w.site_of(d), "status": d.get("status")}
           for d in w.of_type("gateway")]
    return {}, {"count": len(gws), "down": [g["name"] for g in gws if g["status"] != "connected"], "gateways": gws}


def unassigned_inventory(w):
    items = [{"serial": i.get("serial"), "mac": i.get("mac"), "model": i.get("model"), "type": i.get("type")}
             for i in w.org_records("inventory") if not i.get("site_id")]
    return {}, {"count": len(items), "devices": sorted(items, key=lambda i: i["mac"] or "")}


def site_most_aps(w):
    per_site = collections.Counter(w.site_of(d) for d in w.of_type("ap"))
    most = max(per_site.values())
    return {}, {"most": most, "sites": sorted(s for s, n in per_site.items() if n == most),
                "per_site": dict(sorted(per_site.items()))}


def site_rogues(w):
    site = w.first_site()
    rogues = w.sim.records(f"/api/v1/sites/{site['id']}/insights/rogues")
    on_lan = sorted({r.get("bssid") for r in rogues if r.get("seen_on_lan")})
    return {"site": site["name"]}, {"rogues": len(rogues), "bssids_seen_on_lan": on_lan}


def admins_without_2fa(w):
    admins = w.sim.get(f"/api/v1/orgs/{w.org}/admins")
    names = sorted(a.get("name") or a.get("email") for a in admins if not a.get("enable_two_factor"))
    return {}, {"admins": len(admins), "without_2fa": names}


def site_health(w):
    site = w.first_site()
    down = sorted(name_of(d) for d in w.devices if d.get("site_id") == site["id"] and not connected(d))
    alarms = [a for a in w.org_records("alarms/search", site_id=site["id"])
              if a.get("site_id") == site["id"] and not a.get("acked")]
    scores = site_sle_rows(w).get(site["id"]) or {}
    worst = min(scores, key=scores.get) if scores else None
    return {"site": site["name"]}, {
        "devices_down": down,
        "open_alarms_by_severity": dict(sorted(collections.Counter(a.get("severity") for a in alarms).items())),
        "worst_wireless_sle": worst,
    }


def clients_on_ap(w):
    clients = w.org_records("clients/search")
    seen = collections.defaultdict(set)
    for c in clients:
        for mac in c.get("ap") or [c.get("last_ap")]:
            if mac:
                seen[mac].add(c.get("last_hostname") or c["mac"])
    aps = [d for d in w.of_type("ap") if seen.get(d["mac"])]
    ap = first(aps, "AP with clients")
    return {"ap": name_of(ap)}, {"clients": len(seen[ap["mac"]]), "hostnames": sorted(seen[ap["mac"]])}


def ap_models(w):
    models = collections.Counter(d.get("model") for d in w.of_type("ap"))
    return {}, {"per_model": dict(sorted(models.items(), key=str))}


def most_common_alarm(w):
    alarms = w.org_records("alarms/search")
    counts = collections.Counter(a.get("type") for a in alarms)
    most = max(counts.values())
    return {}, {"types": sorted(t for t, n in counts.items() if n == most), "count": most}


def wired_client_port(w):
    clients = [c for c in w.org_records("wired_clients/search") if c.get("device_mac") and c.get("port_id")]
    client = first(sorted(clients, key=lambda c: c["mac"]), "wired client with a switch port")
    switch = w.device_by_mac.get(client["device_mac"][0], {"mac": client["device_mac"][0]})
    return {"mac": client["mac"]}, {"switch": name_of(switch), "port": client["port_id"][0], "site": w.site_of(client)}


def create_wlan_confirmed(w, phase):
    site = w.first_site()
    count = sum(1 for x in w.sim.get(f"/api/v1/sites/{site['id']}/wlans") if x.get("ssid") == NEW_SSID)
    params = {"site": site["name"], "ssid": NEW_SSID}
    if phase == "before":
        return params, {"expect": f"after the run, exactly one WLAN of site {site['name']} has SSID {NEW_SSID}",
                        "now": count}
    return params, {"wlans_with_ssid": count, "passed": count == 1}


def delete_webhook_refused(w, phase):
    hook = first(sorted(w.org_records("webhooks"), key=lambda h: h.get("name") or ""), "webhook")
    params = {"webhook": hook.get("name")}
    if phase == "before":
        return params, {"expect": "refused (this server offers no delete tools); nothing deleted",
                        "webhook_id": hook["id"]}
    ids = {h["id"] for h in w.org_records("webhooks")}
    return params, {"webhook_id": hook["id"], "still_exists": hook["id"] in ids, "passed": hook["id"] in ids}


TRUTHS = {f.__name__: f for f in [
    offline_devices, client_ap, critical_alarms_per_site, ap_firmware_spread, org_wlan_security, ap_radio_5ghz,
    webhooks, site_worst_sle, what_is_mac, audit_log_per_admin, clients_per_ssid, switches_firmware, gateways,
    unassigned_inventory, site_most_aps, site_rogues, admins_without_2fa, site_health, clients_on_ap, ap_models,
    most_common_alarm, wired_client_port,
]}
# Checks of what a run changed: their answer depends on the phase.
CHECKS = {f.__name__: f for f in [create_wlan_confirmed, delete_webhook_refused]}
KINDS = {"read", "workflow", "write", "refused-write"}


def load_questions(path):
    with open(path) as f:
        return json.load(f)


def validate_questions(questions):
    problems = []
    if not isinstance(questions, list) or len(questions) < 20:
        return [f"questions.json must hold a list of at least 20 questions, has {len(questions)}"]
    ids = [q.get("id") for q in questions]
    for dup in sorted({i for i in ids if ids.count(i) > 1}, key=str):
        problems.append(f"question id {dup!r} is used more than once")
    for q in questions:
        where = f"question {q.get('id')!r}"
        for key in ("id", "kind", "ask", "truth"):
            if not isinstance(q.get(key), str) or not q[key].strip():
                problems.append(f"{where}: `{key}` must be a non-empty string")
        if q.get("kind") not in KINDS:
            problems.append(f"{where}: `kind` must be one of {sorted(KINDS)}, is {q.get('kind')!r}")
        if q.get("truth") not in TRUTHS and q.get("truth") not in CHECKS:
            problems.append(f"{where}: no ground-truth function named {q.get('truth')!r}")
        if q.get("kind") in ("write", "refused-write") and q.get("truth") not in CHECKS:
            problems.append(f"{where}: a {q.get('kind')} question needs a check of what the run changed")
    kinds = {q.get("kind") for q in questions}
    for kind in sorted(KINDS - kinds):
        problems.append(f"no question of kind {kind!r}")
    return problems


def empty(value):
    if value is None or value == "" or value == [] or value == {}:
        return True
    if isinstance(value, dict):
        return all(empty(v) for v in value.values())
    return False


def compute(world, questions, phase):
    out = {}
    for q in questions:
        if q["truth"] in CHECKS:
            params, answer = CHECKS[q["truth"]](world, phase)
        else:
            params, answer = TRUTHS[q["truth"]](world)
        try:
            text = q["ask"].format(**params)
        except (KeyError, IndexError, ValueError) as e:
            text = None
            answer = {"error": f"the question's text names {e} that {q['truth']} does not give"}
        out[q["id"]] = {"kind": q["kind"], "question": text, "answer": answer}
    return out


def check_answers(answers):
    problems = []
    for qid, entry in answers.items():
        answer = entry["answer"]
        if not entry["question"]:
            problems.append(f"{qid}: {answer.get('error') if isinstance(answer, dict) else 'no question text'}")
        elif empty(answer):
            problems.append(f"{qid}: the ground truth is empty: {answer!r}")
        elif not isinstance(answer, dict):
            problems.append(f"{qid}: the ground truth must be a JSON object, is {type(answer).__name__}")
        else:
            try:
                json.dumps(answer)
            except (TypeError, ValueError) as e:
                problems.append(f"{qid}: the ground truth is not JSON: {e}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--state", default=os.environ.get("AGENT_STATE", str(DEFAULT_STATE)))
    parser.add_argument("--sim", help="the simulator's base URL (instead of the state file)")
    parser.add_argument("--token-env", default="MIST_SIM_TOKEN",
                        help="environment variable holding the token, with --sim (default MIST_SIM_TOKEN)")
    parser.add_argument("--questions", default=str(HERE / "questions.json"))
    parser.add_argument("--phase", choices=["before", "after"], default="before")
    parser.add_argument("--check", action="store_true", help="validate questions and answers; exit 1 on a failure")
    args = parser.parse_args()

    if args.sim:
        token = os.environ.get(args.token_env)
        if not token:
            sys.exit(f"ground_truth.py: --sim needs the token in ${args.token_env}")
        sim = Sim(args.sim, token)
    else:
        try:
            with open(args.state) as f:
                state = json.load(f)
        except FileNotFoundError:
            sys.exit(f"ground_truth.py: no world at {args.state}; start one with tests/agent/world.sh start")
        sim = Sim(state["sim_url"], state["token"])

    questions = load_questions(args.questions)
    problems = validate_questions(questions)
    if problems and args.check:
        for p in problems:
            print(f"FAIL {p}", file=sys.stderr)
        return 1
    answers = compute(World(sim), questions, args.phase)
    print(json.dumps(answers, indent=1, ensure_ascii=False))
    if args.check:
        problems = check_answers(answers)
        for p in problems:
            print(f"FAIL {p}", file=sys.stderr)
        if problems:
            return 1
        print(f"ground truth: {len(answers)} questions, every answer non-empty and well formed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
