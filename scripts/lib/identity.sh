# Shell pieces for NOVA_AUTH=identity (sourced by start.sh): nova.conf lines, the admin and demo users,
# clouds.yaml, and a token for scripted checks. Needs `nova-manage identity ...` (Sources/NovaManage).
# Passwords: NOVA_ADMIN_PASSWORD / NOVA_DEMO_PASSWORD, else the ones generated on an earlier run (kept in
# $STATE/identity-passwords, mode 0600), else new random ones.
# shellcheck shell=bash

IDENTITY_REGION=${NOVA_REGION:-RegionOne}

# identity_config_lines STATE PORT: the nova.conf sections that switch the API to identity auth.
identity_config_lines() {
    local state=$1 port=$2
    cat <<CONF

[api]
auth_strategy = identity
public_endpoint = http://127.0.0.1:$port

[identity]
users_file = $state/identity_users.json
token_key_file = $state/identity_token.key
region_name = $IDENTITY_REGION
CONF
}

# identity_random_password: 24 characters ([A-Za-z0-9._]) from the kernel's random source; never a
# leading "-", which command-line parsers would take for an option.
identity_random_password() { head -c 18 /dev/urandom | base64 | tr '+/' '._'; }

# identity_passwords STATE: sets IDENTITY_ADMIN_PASSWORD, IDENTITY_DEMO_PASSWORD and IDENTITY_GENERATED
# (the names of the ones made up now), remembering generated ones for the next run.
identity_passwords() {
    local state=$1 saved=$1/identity-passwords
    local saved_admin="" saved_demo=""
    if [ -f "$saved" ]; then
        saved_admin=$(sed -n 's/^admin=//p' "$saved")
        saved_demo=$(sed -n 's/^demo=//p' "$saved")
    fi
    IDENTITY_GENERATED=""
    IDENTITY_ADMIN_PASSWORD=${NOVA_ADMIN_PASSWORD:-$saved_admin}
    if [ -z "$IDENTITY_ADMIN_PASSWORD" ]; then
        IDENTITY_ADMIN_PASSWORD=$(identity_random_password)
        IDENTITY_GENERATED="admin"
    fi
    IDENTITY_DEMO_PASSWORD=${NOVA_DEMO_PASSWORD:-$saved_demo}
    if [ -z "$IDENTITY_DEMO_PASSWORD" ]; then
        IDENTITY_DEMO_PASSWORD=$(identity_random_password)
        IDENTITY_GENERATED="$IDENTITY_GENERATED demo"
    fi
    (
        umask 077
        printf 'admin=%s\ndemo=%s\n' "$IDENTITY_ADMIN_PASSWORD" "$IDENTITY_DEMO_PASSWORD" >"$saved"
    )
}

# identity_bootstrap BIN CONF STATE: projects admin and demo, users admin (role admin on admin) and demo
# (role member on demo), passwords set to the chosen ones. Idempotent: re-running keeps ids and tokens of
# users whose password did not change.
identity_bootstrap() {
    local bin=$1 conf=$2 state=$3
    local manage=("$bin/nova-manage" --config-file "$conf" identity)
    identity_passwords "$state"
    "${manage[@]}" project-create --name admin --description "Cloud administrators" --ensure >/dev/null
    "${manage[@]}" project-create --name demo --description "Demo project" --ensure >/dev/null
    local user project role password
    for spec in "admin admin admin" "demo demo member"; do
        read -r user project role <<<"$spec"
        if [ "$user" = admin ]; then password=$IDENTITY_ADMIN_PASSWORD; else password=$IDENTITY_DEMO_PASSWORD; fi
        "${manage[@]}" user-create --name "$user" --project "$project" --role "$role" --ensure >/dev/null
        "${manage[@]}" role-add --user "$user" --project "$project" --role "$role"
        # A password only changes (ending the user's tokens) when it differs from the one in use.
        if ! identity_password_works "$state" "$user" "$password"; then
            printf '%s\n' "$password" | "${manage[@]}" password-set --name "$user" --password-stdin
        fi
    done
    identity_write_clouds_yaml "$state"
}

# identity_password_works STATE USER PASSWORD: whether the users file's hash for USER matches PASSWORD
# (checked with Python's crypt binding to libxcrypt when available; otherwise "no", so it is set).
identity_password_works() {
    local state=$1 user=$2 password=$3
    [ -f "$state/identity_users.json" ] || return 1
    IDENTITY_CHECK_PASSWORD=$password python3 -W ignore - "$state/identity_users.json" "$user" <<'PY' 2>/dev/null
import json, os, sys
try:
    import crypt
except ImportError:
    sys.exit(1)
users = json.load(open(sys.argv[1])).get("users", [])
hashes = [u.get("password_hash") for u in users if u.get("name") == sys.argv[2] and u.get("domain_id", "default") == "default"]
ok = bool(hashes) and bool(hashes[0]) and crypt.crypt(os.environ["IDENTITY_CHECK_PASSWORD"], hashes[0]) == hashes[0]
sys.exit(0 if ok else 1)
PY
}

# identity_yaml_quote TEXT: a single-quoted YAML scalar.
identity_yaml_quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }

# identity_write_clouds_yaml STATE: $STATE/clouds.yaml (0600) with clouds mini-nova-admin and mini-nova-demo.
identity_write_clouds_yaml() {
    local state=$1 port
    port=$(sed -n 's/^osapi_compute_listen_port *= *//p' "$state/nova.conf" | head -n 1)
    local url=http://127.0.0.1:${port:-8774}/identity/v3
    (
        umask 077
        {
            echo "# Written by scripts/start.sh: OS_CLIENT_CONFIG_FILE=$state/clouds.yaml openstack --os-cloud mini-nova-demo server list"
            echo "clouds:"
            local cloud user project password
            for cloud in admin demo; do
                user=$cloud
                project=$cloud
                if [ "$cloud" = admin ]; then password=$IDENTITY_ADMIN_PASSWORD; else password=$IDENTITY_DEMO_PASSWORD; fi
                cat <<YAML
  mini-nova-$cloud:
    auth:
      auth_url: $url
      username: $user
      password: $(identity_yaml_quote "$password")
      project_name: $project
      user_domain_name: Default
      project_domain_name: Default
    region_name: $IDENTITY_REGION
    identity_api_version: 3
    interface: public
YAML
            done
        } >"$state/clouds.yaml"
    )
}

# identity_token PORT USER PASSWORD PROJECT: prints a project-scoped token (empty on failure).
identity_token() {
    local port=$1 user=$2 password=$3 project=$4
    local body
    body=$(IDENTITY_USER=$user IDENTITY_PASSWORD=$password IDENTITY_PROJECT=$project python3 -c '
import json, os
print(json.dumps({"auth": {
    "identity": {"methods": ["password"], "password": {"user": {
        "name": os.environ["IDENTITY_USER"], "domain": {"name": "Default"}, "password": os.environ["IDENTITY_PASSWORD"]}}},
    "scope": {"project": {"name": os.environ["IDENTITY_PROJECT"], "domain": {"name": "Default"}}}}}))')
    curl -s -m 10 -D - -o /dev/null -H 'Content-Type: application/json' -d "$body" \
        "http://127.0.0.1:$port/identity/v3/auth/tokens" | tr -d '\r' | sed -n 's/^[Xx]-[Ss]ubject-[Tt]oken: *//p'
}

# identity_print_usage STATE PORT: what start.sh prints at the end in identity mode.
identity_print_usage() {
    local state=$1 port=$2
    cat <<USAGE

mini-Nova is up, with its built-in identity (Keystone v3) and image (Glance v2) endpoints.
  Identity:     http://127.0.0.1:$port/identity/v3   (users: admin in project admin, demo in project demo)
  Compute API:  http://127.0.0.1:$port/v2.1
  clouds.yaml:  $state/clouds.yaml   (clouds mini-nova-admin and mini-nova-demo)
  State, logs:  $state
  Stop it:      NOVA_STATE_DIR=$state scripts/stop.sh

With python-openstackclient:
  export OS_CLIENT_CONFIG_FILE=$state/clouds.yaml
  openstack --os-cloud mini-nova-demo server create --image cirros-0.6.2 --flavor m1.tiny --nic none --wait vm1
  openstack --os-cloud mini-nova-demo server list
USAGE
    echo "  Passwords:    in $state/clouds.yaml"
    local who
    for who in $IDENTITY_GENERATED; do
        if [ "$who" = admin ]; then
            echo "  Generated password for admin: $IDENTITY_ADMIN_PASSWORD   (set NOVA_ADMIN_PASSWORD to choose one)"
        else
            echo "  Generated password for demo:  $IDENTITY_DEMO_PASSWORD   (set NOVA_DEMO_PASSWORD to choose one)"
        fi
    done
}
