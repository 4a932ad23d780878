"""The whole database as one file, for `newsapp.backups`, and back.

SQLite goes through Python's online backup API on Django's live connection, so file and
in-memory databases (the tests') work alike. PostgreSQL goes through pg_dump and pg_restore in
the custom format, connecting with the settings of that same connection; the password travels
in PGPASSWORD, never on a command line other users can list.
"""

import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

SQLITE_FILE = "database.sqlite3"
POSTGRESQL_FILE = "database.pgdump"
DATABASE_FILES = {"sqlite": SQLITE_FILE, "postgresql": POSTGRESQL_FILE}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class DumpError(Exception):
    """The database could not be dumped or loaded; the message says why, for an operator."""


def vendor_name(vendor):
    return VENDOR_NAMES.get(vendor, vendor)


def database_dump(connection, folder):
    """Copy the database of `connection` into a file in `folder`, consistent as of one moment
    while the site keeps writing. Returns the file and what the manifest records about it."""
    if connection.vendor == "sqlite":
        return _sqlite_dump(connection, Path(folder) / SQLITE_FILE)
    if connection.vendor == "postgresql":
        return _postgresql_dump(connection, Path(folder) / POSTGRESQL_FILE)
    raise DumpError(
        f"Backups support SQLite and PostgreSQL; this site uses {connection.display_name}."
    )


def database_load(connection, path, details):
    """Replace the whole database of `connection` with the dump at `path` (`details` are what
    `database_dump` recorded). Either all of it is loaded or nothing changes."""
    if connection.vendor == "sqlite":
        _sqlite_load(connection, path)
    elif connection.vendor == "postgresql":
        _postgresql_load(connection, path, details)
    else:
        raise DumpError(f"Restore supports SQLite and PostgreSQL, not {connection.display_name}.")


def _sqlite_dump(connection, path):
    connection.ensure_connection()
    try:
        with closing(sqlite3.connect(path)) as target:
            # One step (pages=-1) copies every page under one read lock: the copy is the
            # database between two transactions, however busy the writers are.
            connection.connection.backup(target, pages=-1)
    except sqlite3.Error as error:
        raise DumpError(f"SQLite could not copy the database: {error}.") from None
    return path, {"file": SQLITE_FILE, "sqlite_version": sqlite3.sqlite_version}


def _sqlite_load(connection, path):
    # A fresh connection is in no transaction (the backup API requires that of its target).
    # Closing is a no-op for an in-memory database, which would vanish with its connection.
    connection.close()
    connection.ensure_connection()
    try:
        with closing(sqlite3.connect(path)) as source:
            source.backup(connection.connection, pages=-1)
    except sqlite3.Error as error:
        raise DumpError(f"SQLite could not load the database: {error}.") from None
    finally:
        # Statements prepared against the old schema go with the old connection.
        connection.close()


def _postgresql_dump(connection, path):
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    pg_dump, env = _client_tool("pg_dump", connection)
    dump_major = _tool_major_version(pg_dump, env)
    if dump_major < server_major:
        raise DumpError(
            f"pg_dump {dump_major} cannot dump a PostgreSQL {server_major} server. Install the "
            f"PostgreSQL {server_major} client tools (Debian: postgresql-client-{server_major}) "
            "or put their bin folder first on PATH."
        )
    # pg_dump reads everything in one repeatable-read transaction: a consistent snapshot.
    _run(
        [pg_dump, "--format=custom", "--no-password", f"--file={path}"]
        + _connection_arguments(connection),
        env=env,
    )
    details = {
        "file": POSTGRESQL_FILE,
        "server_version": server_major,
        "pg_dump_version": dump_major,
    }
    return path, details


def _postgresql_load(connection, path, details):
    pg_restore, env = _client_tool("pg_restore", connection)
    restore_major = _tool_major_version(pg_restore, env)
    dumped_by = details.get("pg_dump_version")
    if isinstance(dumped_by, int) and restore_major < dumped_by:
        raise DumpError(
            f"The archive was dumped by pg_dump {dumped_by}, which pg_restore {restore_major} "
            f"cannot read. Install the PostgreSQL {dumped_by} client tools "
            f"(Debian: postgresql-client-{dumped_by}) or put their bin folder first on PATH."
        )
    # Our own session must not hold locks the restore's DROP TABLEs would wait for.
    connection.close()
    # One transaction (which also stops at the first error): a failed restore changes nothing.
    # Owners and grants name roles the restoring server may not have; the tables become the
    # connecting user's.
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--no-password",
            *_connection_arguments(connection),
            str(path),
        ],
        env=env,
    )


def _client_tool(name, connection):
    """The path of a PostgreSQL client program, and the environment to run it in."""
    program = shutil.which(name)
    if program is None:
        raise DumpError(
            f"{name} was not found on PATH. Install the PostgreSQL client tools "
            "(Debian: apt install postgresql-client) matching the server's version."
        )
    # Django's dbshell turns the settings into libpq's variables: PGPASSWORD, PGPASSFILE,
    # PGSERVICE and the PGSSL* options.
    _, extra_env = connection.client.settings_to_cmd_args_env(connection.settings_dict, [])
    return program, {**os.environ, **(extra_env or {})}


def _connection_arguments(connection):
    settings_dict = connection.settings_dict
    if not settings_dict.get("NAME"):
        raise DumpError("The database settings have no NAME, so there is no database to use.")
    arguments = [f"--dbname={settings_dict['NAME']}"]
    if settings_dict.get("HOST"):
        arguments.append(f"--host={settings_dict['HOST']}")
    if settings_dict.get("PORT"):
        arguments.append(f"--port={settings_dict['PORT']}")
    if settings_dict.get("USER"):
        arguments.append(f"--username={settings_dict['USER']}")
    return arguments


def _tool_major_version(program, env):
    # "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
    output = _run([program, "--version"], env=env)
    match = re.search(r"\)\s*(\d+)", output)
    if match is None:
        raise DumpError(f"Could not tell the version of {program} from {output.strip()!r}.")
    return int(match.group(1))


def _run(command, *, env):
    name = Path(command[0]).name
    try:
        # The program is an absolute path from shutil.which and no shell is involved.
        completed = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    except OSError as error:
        raise DumpError(f"Could not run {name}: {error}.") from None
    if completed.returncode != 0:
        message = completed.stderr.strip()[-2000:] or f"exit status {completed.returncode}"
        raise DumpError(f"{name} failed: {message}")
    return completed.stdout
