#!/usr/bin/env bash
# Make sure PostgreSQL, Redis and Elasticsearch run on loopback for the test suite.
#
#   scripts/services.sh up      install what is missing, start what is not running (default)
#   scripts/services.sh down    stop what this script started
#   scripts/services.sh status  one line per service
#
# A service that already answers on its port is reused, so a second run is fast.
# PostgreSQL and Redis come from Debian's packages; Elasticsearch is the official test
# distribution from Maven Central (fetched with mvn), run by a non-root user.
set -euo pipefail

ES_VERSION="${ES_VERSION:-8.19.3}"
SERVICES_DIR="${XINYONG_SERVICES_DIR:-/var/tmp/xinyong-services}"
PG_PORT="${PG_PORT:-5432}"
REDIS_PORT="${REDIS_PORT:-6379}"
ES_PORT="${ES_PORT:-9200}"
ES_USER="${ES_USER:-xinyong-es}"
ES_HOME="$SERVICES_DIR/elasticsearch-$ES_VERSION"
DB_NAME=xinyong DB_USER=xinyong DB_PASSWORD=xinyong
APT_PACKAGES=(postgresql redis-server fonts-noto-cjk poppler-utils chromium curl unzip)

log() { printf '[services] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
    local missing=()
    command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
    command -v redis-server >/dev/null || missing+=(redis-server)
    fc-list :lang=zh family 2>/dev/null | grep -q 'Noto' || missing+=(fonts-noto-cjk)
    command -v pdftotext >/dev/null || missing+=(poppler-utils)
    [ -x /usr/bin/chromium ] || missing+=(chromium)  # the browser tests (tests/browser)
    command -v curl >/dev/null || missing+=(curl)
    command -v unzip >/dev/null || missing+=(unzip)
    if [ "${#missing[@]}" -gt 0 ]; then
        log "installing Debian packages: ${missing[*]}"
        as_root apt-get update -qq
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${APT_PACKAGES[@]}" >/dev/null
    fi
}

# --- PostgreSQL --------------------------------------------------------------
pg_up() {
    if ! pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then
        local version
        version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
        if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
            log "creating PostgreSQL $version cluster"
            as_root pg_createcluster "$version" main -p "$PG_PORT" >/dev/null
        fi
        log "starting PostgreSQL $version"
        as_root pg_ctlcluster "$version" main start
        for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 0.5; done
        pg_isready -q -h 127.0.0.1 -p "$PG_PORT" || die "PostgreSQL did not start"
    fi
    # The test role may create the test database; both are created once.
    as_root runuser -u postgres -- psql -q -p "$PG_PORT" -v ON_ERROR_STOP=1 <<SQL >/dev/null
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD' CREATEDB;
  END IF;
END \$\$;
SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_USER'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME')\gexec
SQL
    log "PostgreSQL ready on 127.0.0.1:$PG_PORT"
}

# --- Redis -------------------------------------------------------------------
redis_up() {
    if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
        log "starting Redis"
        mkdir -p "$SERVICES_DIR/redis"
        redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
            --dir "$SERVICES_DIR/redis" --save '' --appendonly no \
            --logfile "$SERVICES_DIR/redis/redis.log" --pidfile "$SERVICES_DIR/redis/redis.pid"
        for _ in $(seq 1 40); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.25; done
    fi
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null || die "Redis did not start"
    log "Redis ready on 127.0.0.1:$REDIS_PORT"
}

# --- Elasticsearch -------------------------------------------------------------
es_health() {
    curl -fsS "http://127.0.0.1:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1
}

es_install() {
    [ -x "$ES_HOME/bin/elasticsearch" ] && return
    local zip="$SERVICES_DIR/elasticsearch-$ES_VERSION.zip"
    mkdir -p "$SERVICES_DIR"
    if [ ! -f "$zip" ]; then
        log "fetching Elasticsearch $ES_VERSION from Maven Central"
        mvn -q -B dependency:copy \
            -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
            -DoutputDirectory="$SERVICES_DIR" >&2
    fi
    log "unpacking Elasticsearch"
    rm -rf "$ES_HOME.tmp" && mkdir -p "$ES_HOME.tmp"
    unzip -q "$zip" -d "$ES_HOME.tmp"
    mv "$ES_HOME.tmp/elasticsearch-$ES_VERSION" "$ES_HOME" && rmdir "$ES_HOME.tmp"
}

es_up() {
    if es_health; then log "Elasticsearch ready on 127.0.0.1:$ES_PORT"; return; fi
    es_install
    id "$ES_USER" >/dev/null 2>&1 || as_root useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    mkdir -p "$SERVICES_DIR/es-data" "$SERVICES_DIR/es-logs"
    as_root chown -R "$ES_USER" "$ES_HOME" "$SERVICES_DIR/es-data" "$SERVICES_DIR/es-logs"
    chmod o+rx "$SERVICES_DIR"
    local java_home
    java_home="${ES_JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
    log "starting Elasticsearch $ES_VERSION (Java at $java_home)"
    as_root runuser -u "$ES_USER" -- env ES_JAVA_HOME="$java_home" \
        ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx512m}" \
        "$ES_HOME/bin/elasticsearch" -d -p "$SERVICES_DIR/es-logs/es.pid" \
        -E network.host=127.0.0.1 -E http.port="$ES_PORT" -E discovery.type=single-node \
        -E path.data="$SERVICES_DIR/es-data" -E path.logs="$SERVICES_DIR/es-logs" \
        -E xpack.security.enabled=false -E xpack.security.enrollment.enabled=false \
        -E cluster.routing.allocation.disk.threshold_enabled=false \
        -E action.destructive_requires_name=false >/dev/null
    for _ in $(seq 1 180); do es_health && break; sleep 1; done
    es_health || { tail -n 40 "$SERVICES_DIR/es-logs/elasticsearch.log" >&2 || true; die "Elasticsearch did not become healthy"; }
    log "Elasticsearch ready on 127.0.0.1:$ES_PORT"
}

# --- commands ------------------------------------------------------------------
up() {
    install_packages
    pg_up
    redis_up
    es_up
}

down() {
    [ -f "$SERVICES_DIR/es-logs/es.pid" ] && kill "$(cat "$SERVICES_DIR/es-logs/es.pid")" 2>/dev/null || true
    [ -f "$SERVICES_DIR/redis/redis.pid" ] && kill "$(cat "$SERVICES_DIR/redis/redis.pid")" 2>/dev/null || true
    for cluster in $(pg_lsclusters -h 2>/dev/null | awk '{print $1"/"$2}'); do
        as_root pg_ctlcluster "${cluster%/*}" "${cluster#*/}" stop 2>/dev/null || true
    done
    log "services stopped"
}

status() {
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && echo "postgresql: up" || echo "postgresql: down"
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && echo "redis: up" || echo "redis: down"
    es_health && echo "elasticsearch: up" || echo "elasticsearch: down"
}

case "${1:-up}" in
    up) up ;;
    down) down ;;
    status) status ;;
    *) die "usage: $0 [up|down|status]" ;;
esac
