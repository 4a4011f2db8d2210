#!/usr/bin/env python3
"""Sums the counters of every .trx file in a directory and prints 'N passed, N failed, N skipped'.
Exits 1 when a test failed or when no test ran."""
import glob
import sys
import xml.etree.ElementTree as ET

ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in sorted(glob.glob(f"{sys.argv[1]}/*.trx")):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
    for result in ET.parse(path).getroot().iter(f"{{{ns['t']}}}UnitTestResult"):
        if result.get("outcome") == "Failed":
            print(f"FAILED: {result.get('testName')}", file=sys.stderr)
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or passed == 0 else 0)
