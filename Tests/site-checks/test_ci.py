"""The CI recipes in ci/ (and the workflow `porthole init` writes, the same
file): every workflow passes a schema linter of its CI's syntax
(check-jsonschema's bundled GitHub Actions and GitLab CI schemas) and
shellcheck; every Porthole command they run is a line `ci/porthole-ci.sh …`,
and these tests run those very lines, taken from the workflow files, on the
example agency. The sharded recipe, run as its steps say with 3 shards,
gives a site byte-identical to an unsharded build."""
import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
import yaml

from conftest import BIN, ROOT

CI = ROOT / "ci"
SCRIPT = CI / "porthole-ci.sh"
GITHUB = sorted((CI / "github").glob("*.yml"))
GITLAB = CI / "gitlab" / ".gitlab-ci.yml"
# Every subcommand a workflow may use; each has a test below that runs the
# workflows' own lines for it.
TESTED = {"install", "check", "build", "build-shard", "merge", "s3-sync", "hubspot-push", "now"}
# The example agency's date: its notes are fresh and nothing is overdue.
EXAMPLE_TIME = "1795780800"   # 2026-11-27 12:00 UTC


def test_there_are_recipes_for_github_and_gitlab():
    assert {p.name for p in GITHUB} >= {"portals.yml", "portals-s3.yml", "portals-sharded.yml"}
    assert GITLAB.is_file()


@pytest.mark.parametrize("workflow", GITHUB, ids=lambda p: p.name)
def test_github_workflow_passes_the_schema_linter(workflow):
    lint = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(workflow)],
                          capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_gitlab_pipeline_passes_the_schema_linter():
    lint = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.gitlab-ci", str(GITLAB)],
                          capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_the_linter_rejects_a_broken_workflow(tmp_path):
    """The linter is real: a misspelt key fails it."""
    broken = tmp_path / "broken.yml"
    broken.write_text((CI / "github" / "portals.yml").read_text().replace("runs-on:", "run-on:", 1))
    lint = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(broken)],
                          capture_output=True, text=True)
    assert lint.returncode != 0


def scripts(path):
    """Every shell script a workflow runs: (where, text)."""
    data = yaml.safe_load(path.read_text())
    found = []
    if path.suffix == ".yml" and path.parent.name == "github":
        for job_name, job in data["jobs"].items():
            for index, step in enumerate(job.get("steps", [])):
                if "run" in step:
                    found.append((f"{path.name}: {job_name} step {index + 1}", step["run"]))
    else:
        jobs = {"default": data.get("default", {})}
        jobs.update({k: v for k, v in data.items() if isinstance(v, dict) and ("script" in v or "before_script" in v)})
        for job_name, job in jobs.items():
            for key in ("before_script", "script", "after_script"):
                for line in job.get(key, []):
                    found.append((f"{path.name}: {job_name} {key}", line))
    return found


def all_scripts():
    return [item for path in [*GITHUB, GITLAB] for item in scripts(path)]


def test_shellcheck_passes_the_script_and_every_run_step(tmp_path):
    assert shutil.which("shellcheck"), "shellcheck is installed by scripts/install-deps.sh test"
    result = subprocess.run(["shellcheck", str(SCRIPT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    for where, text in all_scripts():
        assert "${{" not in text, f"{where}: an expression in a script (pass it through env:)"
        file = tmp_path / "step.sh"
        file.write_text("#!/usr/bin/env bash\n" + text + "\n")
        result = subprocess.run(["shellcheck", "-s", "bash", str(file)], capture_output=True, text=True)
        assert result.returncode == 0, f"{where}:\n{result.stdout}"


def porthole_lines():
    """Every line of every workflow script that has to do with Porthole."""
    lines = []
    for where, text in all_scripts():
        for line in text.splitlines():
            if "porthole" in line.lower():
                lines.append((where, line.strip()))
    return lines


def workflow_lines(subcommand):
    """The distinct lines the workflows run for one subcommand, verbatim."""
    found = sorted({line for _, line in porthole_lines() if re.search(r"ci/porthole-ci\.sh " + re.escape(subcommand) + r"\b", line)})
    assert found, f"no workflow runs {subcommand}"
    return found


def test_every_porthole_command_goes_through_the_tested_script():
    """No workflow calls porthole directly, and every subcommand it calls is
    one these tests run: a new command in a recipe fails here until tested."""
    for where, line in porthole_lines():
        calls = re.findall(r"ci/porthole-ci\.sh (\S+)", line)
        assert calls, f"{where}: '{line}' runs Porthole other than through ci/porthole-ci.sh"
        for subcommand in calls:
            assert subcommand.strip(")\"'") in TESTED, f"{where}: '{subcommand}' is run by a workflow but not tested"
        assert not re.search(r"(^|[\s;&|])porthole\s", line), f"{where}: '{line}' calls porthole directly"


def test_init_writes_the_github_recipe(tmp_path):
    made = subprocess.run([str(BIN), "init", str(tmp_path / "agency")], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    agency = tmp_path / "agency"
    assert (agency / ".github/workflows/portals.yml").read_bytes() == (CI / "github/portals.yml").read_bytes()
    assert (agency / "ci/porthole-ci.sh").read_bytes() == SCRIPT.read_bytes()


# --- running the workflows' own lines ---------------------------------------

def checkout(folder: Path) -> Path:
    """What a runner's checkout of an agency repository holds: content/ and
    ci/porthole-ci.sh (the built-in theme is used, as in a new agency)."""
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "content", folder / "content")
    # The example agency plants one over-allocation to show the portfolio's
    # flag (docs/content-format.md, `team`); the recipe's `check --strict`
    # is for an agency that has fixed its warnings, so the runner's copy has
    # that one entry taken out, and nothing else changed.
    project = folder / "content/clients/larkspur-skincare/storefront-rebuild/project.yaml"
    planted = "  - { person: Marta Kowalska, role: Migration advisor, allocation: 40, from: 2026-11-30, to: 2026-12-18 }\n"
    text = project.read_text(encoding="utf-8")
    assert planted in text, "the planted over-allocation moved: update this checkout"
    project.write_text(text.replace(planted, ""), encoding="utf-8")
    (folder / "ci").mkdir()
    shutil.copy2(SCRIPT, folder / "ci" / "porthole-ci.sh")
    return folder


def run_line(line, cwd, **env):
    """One workflow line, verbatim, in bash as a runner runs it; `CI` set and
    porthole on the PATH (the install step's job, tested on its own)."""
    bin_dir = cwd.parent / "bin"
    bin_dir.mkdir(exist_ok=True)
    if not (bin_dir / "porthole").exists():
        (bin_dir / "porthole").symlink_to(BIN)
    full = {k: v for k, v in os.environ.items() if not k.startswith(("PORTHOLE", "GITHUB", "SOURCE_DATE"))}
    full.update(CI="true", NO_COLOR="1", PATH=f"{bin_dir}:{os.environ['PATH']}")
    full.update(env)
    return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", line], cwd=cwd, env=full, capture_output=True, text=True)


def demo_passwords():
    return (ROOT / "demo-passwords.yaml").read_text()


def secrets():
    return {"PORTHOLE_SECRET": "ci-recipe-test", "PORTHOLE_PASSWORDS_YAML": demo_passwords()}


def test_install_line_installs_a_dist_tarball(tmp_path):
    version = subprocess.run([str(BIN), "--version"], capture_output=True, text=True).stdout.strip()
    name = f"porthole-{version}-linux-x86_64"
    tarball = tmp_path / f"{name}.tar.gz"
    with tarfile.open(tarball, "w:gz") as tar:
        tar.add(BIN, arcname=f"{name}/porthole")
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    for line in workflow_lines("install"):
        work = checkout(tmp_path / "repo")
        github_path = tmp_path / "github-path"
        result = run_line(line, work, PORTHOLE_DIST_URL=tarball.as_uri(), PORTHOLE_DIST_SHA256=digest,
                          PORTHOLE_PREFIX=str(tmp_path / "prefix"), GITHUB_PATH=str(github_path))
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == version
        installed = tmp_path / "prefix" / "bin" / "porthole"
        assert installed.stat().st_mode & stat.S_IXUSR
        assert github_path.read_text().strip() == str(tmp_path / "prefix" / "bin")
        # A tarball that is not the one named is refused.
        bad = run_line(line, work, PORTHOLE_DIST_URL=tarball.as_uri(), PORTHOLE_DIST_SHA256="0" * 64,
                       PORTHOLE_PREFIX=str(tmp_path / "other"))
        assert bad.returncode != 0 and not (tmp_path / "other").exists()
        shutil.rmtree(work)


def test_check_line_passes_on_the_example_agency_and_annotates(tmp_path):
    for line in workflow_lines("check"):
        work = checkout(tmp_path / "repo")
        result = run_line(line, work, PORTHOLE_BUILD_TIME=EXAMPLE_TIME, PORTHOLE_PASSWORDS_YAML=demo_passwords())
        assert result.returncode == 0, result.stderr
        assert "check passed" in result.stderr
        # A mistake on a pull request: an annotation at its file and line.
        update = work / "content/clients/harbour-coffee/shopify-plus-storefront/updates/2026-11-27.md"
        update.write_text(update.read_text().replace("status: green", "status: greem"))
        result = run_line(line, work, PORTHOLE_BUILD_TIME=EXAMPLE_TIME, GITHUB_ACTIONS="true",
                          PORTHOLE_PASSWORDS_YAML=demo_passwords())
        assert result.returncode == 1
        assert re.search(r"^::error file=content/clients/harbour-coffee/shopify-plus-storefront/updates/2026-11-27\.md,"
                         r"line=2,col=9,title=porthole [a-z-]+::", result.stdout, re.M), result.stdout
        shutil.rmtree(work)


def test_build_line_builds_the_site_and_no_portfolio(tmp_path):
    for line in workflow_lines("build"):
        if "build-shard" in line:
            continue
        work = checkout(tmp_path / "repo")
        result = run_line(line, work, PORTHOLE_BUILD_TIME=EXAMPLE_TIME, **secrets())
        assert result.returncode == 0, result.stderr
        assert (work / "site/index.html").is_file() and (work / ".site.porthole-manifest").is_file()
        assert not (work / "portfolio").exists(), "the internal portfolio is never a CI artifact"
        # In CI, without the secret, nothing is built.
        again = run_line(line, work, PORTHOLE_BUILD_TIME=EXAMPLE_TIME, PORTHOLE_PASSWORDS_YAML=demo_passwords())
        assert again.returncode == 1 and "secret" in again.stderr
        shutil.rmtree(work)


def cache_restore(source: Path, target: Path):
    """What actions/cache and GitLab's cache do between runs: the cached
    paths unpacked into a fresh checkout, new inodes, times kept."""
    for name in ["site", ".site.porthole-manifest", ".site.spare", ".site.spare.porthole-manifest"]:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name, copy_function=shutil.copy2)
        elif path.exists():
            shutil.copy2(path, target / name)


def test_cached_output_keeps_unchanged_files_times_for_the_upload(tmp_path):
    """The recipes cache the output between runs: a build over a restored
    cache takes the restored tree over (its files are the ones its manifest
    lists), renders only the changed client and keeps every other file as
    it is (the same inode), so the others keep their times and `aws s3 sync`
    skips them."""
    line = workflow_lines("build")[0]
    first = checkout(tmp_path / "run1")
    assert run_line(line, first, PORTHOLE_BUILD_TIME=EXAMPLE_TIME, **secrets()).returncode == 0
    second = checkout(tmp_path / "run2")
    cache_restore(first, second)
    update = second / "content/clients/harbour-coffee/shopify-plus-storefront/updates/2026-11-27.md"
    update.write_text(update.read_text().replace("no incidents", "no incidents at all"))
    before = {p.relative_to(second / "site"): p.stat().st_mtime_ns for p in (second / "site").rglob("*") if p.is_file()}
    inodes = {p.relative_to(second / "site"): p.stat().st_ino for p in (second / "site").rglob("*") if p.is_file()}
    time.sleep(0.05)
    result = run_line(line, second, PORTHOLE_BUILD_TIME=EXAMPLE_TIME, **secrets())
    assert result.returncode == 0, result.stderr
    after = {p.relative_to(second / "site"): p.stat().st_mtime_ns for p in (second / "site").rglob("*") if p.is_file()}
    kept = [p for p in after if before.get(p) == after[p]]
    changed = [p for p in after if before.get(p) != after[p]]
    assert changed, "the changed update reached the site"
    assert all(p.parts[0].startswith("harbour-coffee") for p in changed if p.parts[0] != "index.html"), changed
    assert len(kept) > 0.8 * len(after), (len(kept), len(after))
    # Kept, not written again with the old time put back: the same files.
    same = [p for p in after if inodes.get(p) == (second / "site" / p).stat().st_ino]
    assert len(same) > 0.8 * len(after), (len(same), len(after))


def test_sharded_recipe_with_3_shards_gives_the_unsharded_site(tmp_path):
    """The sharded workflow's steps in order, each job on a fresh checkout:
    the instant, 3 shard builds, their artifacts downloaded side by side, the
    merge; compared byte for byte with the unsharded build of the same instant."""
    workflow = yaml.safe_load((CI / "github" / "portals-sharded.yml").read_text())
    shards = workflow["jobs"]["build"]["strategy"]["matrix"]["shard"]
    assert shards == [1, 2, 3] and str(workflow["env"]["SHARDS"]) == "3"
    github_output = tmp_path / "github-output"
    (instant_line,) = workflow_lines("now")
    instant = run_line(instant_line, checkout(tmp_path / "instant"), GITHUB_OUTPUT=str(github_output))
    assert instant.returncode == 0, instant.stderr
    now = int(github_output.read_text().strip().removeprefix("time="))
    assert abs(now - time.time()) < 600
    # The daily run (the real clock's today: the example's notes may be stale).
    env = dict(secrets(), PORTHOLE_BUILD_TIME=str(now), PORTHOLE_LENIENT="1", SHARDS="3")
    (shard_line,) = workflow_lines("build-shard")
    downloads = tmp_path / "merge" / "shards"
    downloads.mkdir(parents=True)
    for shard in shards:
        runner = checkout(tmp_path / f"shard-{shard}")
        result = run_line(shard_line, runner, SHARD=str(shard), **env)
        assert result.returncode == 0, result.stderr
        shutil.copytree(runner / "site", downloads / f"site-{shard}")   # upload-artifact, then download-artifact
    merge = tmp_path / "merge"
    shutil.copytree(ROOT / "ci", merge / "ci")
    (merge_line,) = workflow_lines("merge")
    result = run_line(merge_line, merge)
    assert result.returncode == 0, result.stderr
    whole = checkout(tmp_path / "unsharded")
    result = run_line(workflow_lines("build")[0], whole, **env)
    assert result.returncode == 0, result.stderr
    assert tree(merge / "site") == tree(whole / "site")


def tree(root: Path):
    """Every file and folder below root: path, kind and bytes."""
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else "folder") for p in sorted(root.rglob("*"))}


def test_s3_line_caches_fingerprinted_assets_and_revalidates_pages(tmp_path):
    work = checkout(tmp_path / "repo")
    assert run_line(workflow_lines("build")[0], work, PORTHOLE_BUILD_TIME=EXAMPLE_TIME, **secrets()).returncode == 0
    # Only fingerprinted files are in assets/: a year's cache is safe there.
    for asset in (work / "site/assets").iterdir():
        assert re.fullmatch(r"[a-z-]+\.[0-9a-f]{10}\.[a-z]+", asset.name), asset.name
    calls = tmp_path / "aws-calls"
    fake = tmp_path / "bin-aws"
    fake.mkdir()
    (fake / "aws").write_text(f'#!/usr/bin/env bash\nprintf "%s\\n" "$*" >> "{calls}"\n')
    (fake / "aws").chmod(0o755)
    for line in workflow_lines("s3-sync"):
        calls.unlink(missing_ok=True)
        result = run_line(line, work, S3_BUCKET="northwind-status", PATH=f"{fake}:{os.environ['PATH']}")
        assert result.returncode == 0, result.stderr
        assets, pages = calls.read_text().splitlines()
        assert assets.startswith("s3 sync site/ s3://northwind-status/ ")
        assert "--exclude * --include assets/*" in assets and "--cache-control public, max-age=31536000, immutable" in assets
        assert "--delete" not in assets
        assert pages.startswith("s3 sync site/ s3://northwind-status/ ")
        assert "--delete" in pages and "--exclude assets/*" in pages and "--cache-control no-cache" in pages
        assert "--exclude .porthole-site" in pages


def test_hubspot_line_is_skipped_without_a_token(tmp_path):
    work = checkout(tmp_path / "repo")
    for line in workflow_lines("hubspot-push"):
        result = run_line(line, work)
        assert result.returncode == 0, result.stderr
        assert "no HUBSPOT_TOKEN" in result.stdout
