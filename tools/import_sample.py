#!/usr/bin/env python3
"""Write a CSV of customer dossiers for Odoo's import (Contacts > Import records), with a few bad rows.

    python3 tools/import_sample.py --rows 10000 --out .build/customer_dossiers_10000.csv

Every dossier has a solar or lunar birthday, hobbies, a salesperson by name and, for one in three, a family member
(one in six has a second one, on the next line, as Odoo's import writes a second line of a list). One row in
every hundred or so is bad in one of the ways hand-typed files are: a lunar month 13, 30 February, an unknown
salesperson, a text in a number field, a family member born on 31 April, 45 children. The same arguments always
give the same file; docs/import/customer_dossiers_sample.csv is `--rows 50`."""

import argparse
import csv
import random
import sys

COLUMNS = [
    "id",
    "name",
    "email",
    "phone",
    "user_id",
    "care_birthday_calendar",
    "care_birth_date",
    "care_lunar_year",
    "care_lunar_month",
    "care_lunar_day",
    "care_lunar_leap",
    "care_hobby_ids",
    "care_children_count",
    "care_family_member_ids/name",
    "care_family_member_ids/relation",
    "care_family_member_ids/care_birthday_calendar",
    "care_family_member_ids/care_birth_date",
    "care_family_member_ids/care_lunar_month",
    "care_family_member_ids/care_lunar_day",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "建华",
    "志强",
]
HOBBIES = ["Golf", "Tea", "Calligraphy", "Fishing", "Travel", "Photography"]
SALESPEOPLE = ["Mitchell Admin", "Marc Demo"]
# (what is wrong, the column, the bad value): the rows at BAD_EVERY get them in turn.
BAD = [
    ("lunar month 13", "care_lunar_month", "13"),
    ("30 February", "care_birth_date", "1985-02-30"),
    ("unknown salesperson", "user_id", "Nobody Known"),
    ("text in a number field", "care_lunar_year", "nineteen eighty"),
    ("family member born on 31 April", "care_family_member_ids/care_birth_date", "2015-04-31"),
    ("45 children", "care_children_count", "45"),
]


def bad_rows(count):
    """The customer numbers (1-based) that get a bad value: 6 in the first 50, then one in every hundred."""
    first = [7, 13, 21, 29, 36, 44]
    return [n for n in first if n <= count] + list(range(150, count + 1, 100))


def rows(count, seed=19):
    rng = random.Random(seed)
    bad = {number: BAD[index % len(BAD)] for index, number in enumerate(bad_rows(count))}
    for number in range(1, count + 1):
        row = dict.fromkeys(COLUMNS, "")
        row["id"] = f"care_import_customer_{number:05d}"
        row["name"] = rng.choice(SURNAMES) + rng.choice(GIVEN) + f"{number:05d}"
        row["email"] = f"customer{number:05d}@example.cn"
        row["phone"] = f"+86 139 {number // 10000:04d} {number % 10000:04d}"
        row["user_id"] = SALESPEOPLE[number % 2]
        year = rng.randint(1950, 2000)
        if number % 3 == 0:
            row["care_birthday_calendar"] = "lunar"
            row["care_lunar_year"] = str(year)
            row["care_lunar_month"] = str(rng.randint(1, 12))
            row["care_lunar_day"] = str(rng.randint(1, 29))
        else:
            row["care_birthday_calendar"] = "solar"
            row["care_birth_date"] = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        row["care_lunar_leap"] = ""
        row["care_hobby_ids"] = ",".join(rng.sample(HOBBIES, rng.randint(1, 3)))
        row["care_children_count"] = str(rng.randint(0, 3))
        family = []
        if number % 3 == 1:
            family.append(("spouse", "solar", f"{year + 1}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "", ""))
        if number % 6 == 1:
            family.append(("child", "lunar", "", str(rng.randint(1, 12)), str(rng.randint(1, 29))))
        lines = [row] + [dict.fromkeys(COLUMNS, "") for _member in family[1:]]
        for line, (relation, calendar, birth_date, month, day) in zip(lines, family, strict=False):
            line["care_family_member_ids/name"] = rng.choice(SURNAMES) + rng.choice(GIVEN)
            line["care_family_member_ids/relation"] = relation
            line["care_family_member_ids/care_birthday_calendar"] = calendar
            line["care_family_member_ids/care_birth_date"] = birth_date
            line["care_family_member_ids/care_lunar_month"] = month
            line["care_family_member_ids/care_lunar_day"] = day
        if number in bad:
            _what, column, value = bad[number]
            if column == "care_lunar_month":
                row["care_birthday_calendar"] = "lunar"
                row["care_birth_date"] = ""
                row["care_lunar_day"] = row["care_lunar_day"] or "8"
            if column == "care_birth_date":
                row["care_birthday_calendar"] = "solar"
                row["care_lunar_year"] = row["care_lunar_month"] = row["care_lunar_day"] = ""
            if column.startswith("care_family_member_ids/"):
                row["care_family_member_ids/name"] = row["care_family_member_ids/name"] or "王小明"
                row["care_family_member_ids/relation"] = "child"
                row["care_family_member_ids/care_birthday_calendar"] = "solar"
                row["care_family_member_ids/care_lunar_month"] = row["care_family_member_ids/care_lunar_day"] = ""
            row[column] = value
        yield from lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10000, help="customers (lines with a second family member add)")
    parser.add_argument("--out", default="-", help="the CSV file to write ('-': standard output)")
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args(argv)
    if not 1 <= args.rows <= 1_000_000:
        parser.error("--rows runs from 1 to 1,000,000")
    out = sys.stdout if args.out == "-" else open(args.out, "w", newline="", encoding="utf-8")  # noqa: SIM115
    try:
        writer = csv.DictWriter(out, COLUMNS)
        writer.writeheader()
        writer.writerows(rows(args.rows, args.seed))
    finally:
        if out is not sys.stdout:
            out.close()
    bad = bad_rows(args.rows)
    print(f"{args.rows} customers, {len(bad)} bad: {', '.join(map(str, bad[:10]))}", file=sys.stderr)


if __name__ == "__main__":
    main()
