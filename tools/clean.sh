#!/usr/bin/env bash
# make clean: drops the throwaway test and template databases and the .build folder (not the demo).
source "$(dirname "$0")/common.sh"
port=$(pg_port)
if [ -n "$port" ]; then
    for db in $(psql -p "$port" -d postgres -tAc "SELECT datname FROM pg_database WHERE datname LIKE 'customer_care_test_%' OR datname LIKE 'cc_template_%' OR datname LIKE 'customer_care_bench%'"); do
        dropdb -p "$port" "$db" && echo "dropped $db"
    done
fi
rm -rf "$BUILD"
