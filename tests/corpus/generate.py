#!/usr/bin/env python3
"""Writes the labelled corpus under tests/corpus/cases/ and its labels.json.

Every case is a real-looking file (or a small directory, for repository context). A label
lists the tokens that must be reported in that file; every other report is a false alarm.
The tokens are random strings of the Okta shape made up here, not real credentials.
Deterministic: the same seed gives the same bytes, so `git diff` stays quiet on a re-run.

    python3 tests/corpus/generate.py
"""
import base64
import json
import os
import random
import shutil
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases")
ABC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
rng = random.Random(20261128)

cases = []  # (relative path, bytes, [tokens])


def tok(last=None):
    body = "".join(rng.choice(ABC) for _ in range(40))
    if last:
        body = body[:-1] + last
    return "00" + body


def b64(s):
    return base64.b64encode(s.encode()).decode()


def org():
    return rng.choice(["acme", "globex", "initech", "umbrella", "dev-4815162", "trial-2741337",
                       "hooli", "piedpiper", "vandelay", "dev-90210"])


def host(o=None):
    o = o or org()
    return f"{o}.{rng.choice(['okta.com', 'okta.com', 'oktapreview.com', 'okta-emea.com', 'okta-gov.com'])}"


def add(path, text, tokens, encoding="utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    cases.append((path, data, tokens))


# ---------------------------------------------------------------- certain: SSWS headers
def ssws_cases():
    t = tok(); h = host()
    add("ssws/curl_users.sh", f"""#!/usr/bin/env bash
set -euo pipefail
# List deprovisioned users before the quarterly audit
curl -s -X GET \\
  -H "Accept: application/json" \\
  -H "Content-Type: application/json" \\
  -H "Authorization: SSWS {t}" \\
  "https://{h}/api/v1/users?filter=status+eq+%22DEPROVISIONED%22" | jq '.[].profile.login'
""", [t])
    t = tok(); h = host()
    add("ssws/sync_groups.py", f"""import requests

OKTA = "https://{h}"
HEADERS = {{
    "Accept": "application/json",
    "Authorization": "SSWS {t}",
}}


def groups():
    resp = requests.get(f"{{OKTA}}/api/v1/groups", headers=HEADERS, timeout=10)
    resp.raise_for_status()
    return resp.json()
""", [t])
    t = tok()
    add("ssws/fetch_apps.js", f"""const fetch = require('node-fetch');

async function listApps(domain) {{
  const res = await fetch(`https://${{domain}}/api/v1/apps?limit=200`, {{
    headers: {{ Authorization: 'SSWS {t}', Accept: 'application/json' }},
  }});
  return res.json();
}}

module.exports = {{ listApps }};
""", [t])
    t = tok(); h = host()
    add("ssws/client.go", f"""package oktaclient

import (
\t"net/http"
\t"time"
)

func newRequest(path string) (*http.Request, error) {{
\treq, err := http.NewRequest("GET", "https://{h}"+path, nil)
\tif err != nil {{
\t\treturn nil, err
\t}}
\treq.Header.Set("Authorization", "SSWS {t}")
\treq.Header.Set("Accept", "application/json")
\treturn req, nil
}}

var client = &http.Client{{Timeout: 10 * time.Second}}
""", [t])
    t = tok(); h = host()
    add("ssws/Get-OktaUsers.ps1", f"""$headers = @{{
    "Authorization" = "SSWS {t}"
    "Accept"        = "application/json"
}}
$users = Invoke-RestMethod -Uri "https://{h}/api/v1/users" -Headers $headers -Method Get
$users | Select-Object id, status | Format-Table
""", [t])
    t = tok()
    add("ssws/httpie.md", f"""# Quick checks

```
http GET https://{host()}/api/v1/users/me Authorization:"SSWS {t}"
```
""", [t])
    t = tok(); h = host()
    har = {"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
                   "entries": [{"startedDateTime": "2026-03-02T10:11:12.000Z", "time": 231.4,
                                "request": {"method": "GET", "url": f"https://{h}/api/v1/users?limit=25",
                                            "httpVersion": "HTTP/1.1",
                                            "headers": [{"name": "Accept", "value": "application/json"},
                                                        {"name": "Authorization", "value": f"SSWS {t}"}],
                                            "queryString": [{"name": "limit", "value": "25"}],
                                            "cookies": [], "headersSize": -1, "bodySize": 0},
                                "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1",
                                             "headers": [{"name": "x-okta-request-id", "value": "Y2xvdWQtaWQtMTIz"}],
                                             "content": {"size": 2, "mimeType": "application/json", "text": "[]"},
                                             "redirectURL": "", "headersSize": -1, "bodySize": 2},
                                "cache": {}, "timings": {"send": 0.1, "wait": 230.0, "receive": 1.3}}]}}
    add("ssws/okta-admin.har", json.dumps(har, indent=2), [t])
    t = tok()
    coll = {"info": {"name": "Okta Users", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [{"name": "Get user", "request": {"method": "GET",
                      "header": [{"key": "Accept", "value": "application/json"},
                                 {"key": "Authorization", "value": f"SSWS {t}"}],
                      "url": {"raw": "{{url}}/api/v1/users/me", "host": ["{{url}}"], "path": ["api", "v1", "users", "me"]}}}]}
    add("ssws/Okta.postman_collection.json", json.dumps(coll, indent="\t"), [t])
    t = tok(); h = host()
    add("ssws/okta-proxy.conf", f"""server {{
    listen 8080;
    location /okta/ {{
        proxy_pass https://{h}/;
        proxy_set_header Authorization "SSWS {t}";
        proxy_set_header Host {h};
    }}
}}
""", [t])
    t = tok(); h = host()
    add("ssws/requests.http", f"""### Who am I
GET https://{h}/api/v1/users/me
Accept: application/json
Authorization: ssws {t}

### Groups
GET https://{h}/api/v1/groups
Authorization: Ssws   {t}
""", [t])
    t = tok()
    add("ssws/OktaAdmin.java", f"""package com.example.admin;

import okhttp3.OkHttpClient;
import okhttp3.Request;

public final class OktaAdmin {{
    private static final OkHttpClient HTTP = new OkHttpClient();

    static Request users(String base) {{
        return new Request.Builder()
            .url(base + "/api/v1/users")
            .header("Authorization", "SSWS {t}")
            .build();
    }}
}}
""", [t])
    t = tok(); h = host()
    add("ssws/OktaService.cs", f"""using System.Net.Http;
using System.Net.Http.Headers;

namespace Contoso.Identity
{{
    public class OktaService
    {{
        private readonly HttpClient _http = new HttpClient {{ BaseAddress = new System.Uri("https://{h}/") }};

        public OktaService()
        {{
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("SSWS", "{t}");
        }}
    }}
}}
""", [t])
    t = tok(); h = host()
    add("ssws/deactivate.rb", f"""require 'net/http'
require 'json'

uri = URI("https://{h}/api/v1/users/#{{ARGV[0]}}/lifecycle/deactivate")
req = Net::HTTP::Post.new(uri)
req['Authorization'] = "SSWS {t}"
req['Accept'] = 'application/json'
res = Net::HTTP.start(uri.host, uri.port, use_ssl: true) {{ |http| http.request(req) }}
puts res.code
""", [t])
    t = tok(); h = host()
    add("ssws/okta_users.yml", f"""- name: Fetch Okta users
  hosts: localhost
  gather_facts: false
  tasks:
    - name: list users
      ansible.builtin.uri:
        url: "https://{h}/api/v1/users"
        method: GET
        headers:
          Authorization: "SSWS {t}"
          Accept: application/json
        return_content: true
      register: okta_users
""", [t])
    t = tok()
    add("ssws/debug.log", f"""2026-02-11T08:14:03.112Z DEBUG http.client send: b'GET /api/v1/users?limit=200 HTTP/1.1\\r\\nHost: {host()}\\r\\nUser-Agent: python-requests/2.31.0\\r\\nAccept: application/json\\r\\nAuthorization: SSWS {t}\\r\\n\\r\\n'
2026-02-11T08:14:03.410Z DEBUG http.client reply: 'HTTP/1.1 200 OK\\r\\n'
2026-02-11T08:14:03.411Z DEBUG http.client header: Content-Type: application/json
2026-02-11T08:14:03.411Z DEBUG http.client header: X-Rate-Limit-Remaining: 598
""", [t])
    t = tok()
    add("ssws/wget_users.sh", f"wget -qO- --header='Authorization: SSWS\t{t}' https://{host()}/api/v1/users\n", [t])
    t = tok(); h = host()
    add("ssws/load_test.js", f"""import http from 'k6/http';
import {{ check }} from 'k6';

export const options = {{ vus: 5, duration: '30s' }};

export default function () {{
  const res = http.get('https://{h}/api/v1/users/me', {{
    headers: {{ Authorization: 'SSWS {t}' }},
  }});
  check(res, {{ 'status 200': (r) => r.status === 200 }});
}}
""", [t])
    t = tok("-")
    add("ssws/trailing_dash.sh", f'curl -H "Authorization: SSWS {t}" https://{host()}/api/v1/apps\n', [t])
    t = tok(); t2 = tok()
    add("ssws/two_orgs.txt", f"""prod:  curl -H 'Authorization: SSWS {t}' https://{host('acme')}/api/v1/users
stage: curl -H 'Authorization: SSWS {t2}' https://acme-stage.oktapreview.com/api/v1/users
""", [t, t2])
    t = tok()
    insomnia = {"_type": "export", "__export_format": 4, "resources": [
        {"_id": "req_1", "_type": "request", "name": "List users", "method": "GET",
         "url": f"https://{host()}/api/v1/users",
         "headers": [{"name": "Authorization", "value": f"SSWS {t}"}]}]}
    add("ssws/Insomnia_export.json", json.dumps(insomnia), [t])


# ---------------------------------------------------------------- certain: keyed
def keyed_cases():
    t = tok(); h = host()
    add("keyed/.env", f"""# local development
NODE_ENV=development
PORT=3000
OKTA_ORG_URL=https://{h}
OKTA_API_TOKEN={t}
REDIS_URL=redis://localhost:6379
""", [t])
    t = tok()
    add("keyed/docker-compose.yml", f"""version: "3.8"
services:
  scim-bridge:
    image: ghcr.io/example/scim-bridge:1.4.2
    environment:
      - OKTA_DOMAIN={host()}
      - OKTA_API_TOKEN={t}
      - LOG_LEVEL=info
    ports:
      - "8443:8443"
""", [t])
    t = tok()
    add("keyed/deploy.yml", f"""name: deploy
on:
  push:
    branches: [main]
jobs:
  terraform:
    runs-on: ubuntu-latest
    env:
      OKTA_ORG_NAME: {org()}
      OKTA_BASE_URL: okta.com
      OKTA_API_TOKEN: {t}
    steps:
      - uses: actions/checkout@v4
      - run: terraform init && terraform apply -auto-approve
""", [t])
    t = tok()
    add("keyed/.gitlab-ci.yml", f"""stages: [sync]
variables:
  OKTA_CLIENT_ORGURL: "https://{host()}"
  OKTA_CLIENT_TOKEN: "{t}"
sync-users:
  stage: sync
  script:
    - python sync.py
""", [t])
    t = tok()
    add("keyed/terraform.tfvars", f"""okta_org_name  = "{org()}"
okta_base_url  = "okta.com"
okta_api_token = "{t}"
environment    = "prod"
""", [t])
    t = tok()
    add("keyed/main.tf", f"""terraform {{
  required_providers {{
    okta = {{
      source  = "okta/okta"
      version = "~> 4.6"
    }}
  }}
}}

provider "okta" {{
  org_name  = "{org()}"
  base_url  = "okta.com"
  api_token = "{t}"
}}

resource "okta_group" "engineering" {{
  name        = "Engineering"
  description = "All engineers"
}}
""", [t])
    t = tok()
    add("keyed/application.yml", f"""server:
  port: 8080
spring:
  application:
    name: user-admin
okta:
  client:
    orgUrl: https://{host()}
    token: {t}
  oauth2:
    issuer: https://{host()}/oauth2/default
logging:
  level:
    root: INFO
""", [t])
    t = tok()
    add("keyed/application.properties", f"""server.port=8080
okta.client.orgUrl=https://{host()}
okta.client.token={t}
spring.jpa.hibernate.ddl-auto=validate
""", [t])
    t = tok()
    add("keyed/appsettings.json", json.dumps({
        "Logging": {"LogLevel": {"Default": "Information"}},
        "Okta": {"OktaDomain": f"https://{host()}", "ApiToken": t, "AuthorizationServerId": "default"},
        "AllowedHosts": "*"}, indent=2), [t])
    t = tok()
    add("keyed/Web.config", f"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <appSettings>
    <add key="okta:OrgUrl" value="https://{host()}" />
    <add key="OktaApiToken" value="{t}" />
    <add key="webpages:Version" value="3.0.0.0" />
  </appSettings>
</configuration>
""", [t])
    t = tok()
    add("keyed/settings.py", f"""import os

DEBUG = False
ALLOWED_HOSTS = ["admin.example.com"]

OKTA = {{
    "ORG_URL": "https://{host()}",
    "API_TOKEN": "{t}",
}}
DATABASES = {{"default": {{"ENGINE": "django.db.backends.postgresql", "NAME": "admin"}}}}
""", [t])
    t = tok()
    add("keyed/config.js", f"""module.exports = {{
  port: process.env.PORT || 3000,
  okta: {{
    orgUrl: 'https://{host()}',
    token: '{t}',
  }},
  session: {{ secret: process.env.SESSION_SECRET }},
}};
""", [t])
    t = tok()
    add("keyed/okta.yaml", f"""okta:
  client:
    connectionTimeout: 30
    orgUrl: "https://{host()}"
    token: "{t}"
    requestTimeout: 0
    rateLimit:
      maxRetries: 4
""", [t])
    t = tok()
    add("keyed/group_vars/all.yml", f"""---
ntp_servers:
  - 0.pool.ntp.org
okta_domain: {host()}
okta_api_token: "{t}"
""", [t])
    t = tok()
    add("keyed/values.yaml", f"""replicaCount: 2
image:
  repository: example/okta-sync
  tag: "2.3.1"
env:
  OKTA_ORG_URL: https://{host()}
  OKTA_API_TOKEN: "{t}"
resources:
  limits:
    memory: 256Mi
""", [t])
    t = tok()
    add("keyed/configmap.yaml", f"""apiVersion: v1
kind: ConfigMap
metadata:
  name: okta-sync-config
data:
  okta-org-url: https://{host()}
  okta-api-token: {t}
""", [t])
    t = tok()
    add("keyed/setup-env.sh", f"""#!/bin/sh
export OKTA_CLIENT_ORGURL="https://{host()}"
export OKTA_CLIENT_TOKEN="{t}"
exec "$@"
""", [t])
    t = tok()
    add("keyed/profile.ps1", f"""$env:OKTA_ORG_URL = "https://{host()}"
$env:OKTA_API_TOKEN = "{t}"
Import-Module Okta.PowerShell
""", [t])
    t = tok()
    add("keyed/config.fish", f"""set -gx EDITOR nvim
set -gx OKTA_API_TOKEN {t}
set -gx OKTA_ORG https://{host()}
""", [t])
    t = tok()
    add("keyed/Makefile", f"""OKTA_ORG ?= {org()}
OKTA_TOKEN ?= {t}

plan:
\tterraform plan -var okta_org_name=$(OKTA_ORG) -var okta_api_token=$(OKTA_TOKEN)
""", [t])
    t = tok()
    add("keyed/Dockerfile", f"""FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
ENV OKTA_ORG_URL=https://{host()} \\
    OKTA_API_TOKEN={t}
COPY . .
CMD ["python", "-m", "oktasync"]
""", [t])
    t = tok()
    add("keyed/Jenkinsfile", f"""pipeline {{
  agent any
  environment {{
    OKTA_DOMAIN = '{host()}'
    OKTA_API_TOKEN = '{t}'
  }}
  stages {{
    stage('Sync') {{
      steps {{ sh './gradlew syncOktaGroups' }}
    }}
  }}
}}
""", [t])
    t = tok()
    add("keyed/run-import.sh", f"""#!/bin/bash
okta-import --okta-org https://{host()} --okta-token {t} --csv users.csv --dry-run
""", [t])
    t = tok()
    add("keyed/OktaConfig.java", f"""package com.example.okta;

import com.okta.sdk.authc.credentials.TokenClientCredentials;
import com.okta.sdk.client.Clients;
import com.okta.sdk.resource.client.ApiClient;

public class OktaConfig {{
    public static ApiClient client() {{
        return Clients.builder()
            .setOrgUrl("https://{host()}")
            .setClientCredentials(new TokenClientCredentials("{t}"))
            .build();
    }}
}}
""", [t])
    t = tok()
    add("keyed/okta.go", f"""package main

import (
\t"context"

\t"github.com/okta/okta-sdk-golang/v2/okta"
)

func client(ctx context.Context) (*okta.Client, error) {{
\t_, c, err := okta.NewClient(ctx,
\t\tokta.WithOrgUrl("https://{host()}"),
\t\tokta.WithToken("{t}"),
\t)
\treturn c, err
}}
""", [t])
    t = tok()
    add("keyed/okta_client.rb", f"""require 'oktakit'

client = Oktakit.new(token: '{t}', organization: '{org()}')
response, http_status = client.list_users
""", [t])
    t = tok()
    add("keyed/settings.json", json.dumps({"editor.tabSize": 2, "oktaDomain": host(), "oktaApiToken": t}, indent=4), [t])
    t = tok()
    add("keyed/config.toml", f"""[server]
listen = "0.0.0.0:8080"

[okta]
domain = "{host()}"
api_token = "{t}"
""", [t])
    t = tok()
    add("keyed/okta.ini", f"""[general]
verbose = false

[okta]
org = https://{host()}
token = {t}
""", [t])
    t = tok()
    add("keyed/beans.xml", f"""<beans xmlns="http://www.springframework.org/schema/beans">
  <bean id="oktaClient" class="com.example.OktaClientFactory">
    <property name="orgUrl" value="https://{host()}"/>
    <property name="apiToken" value="{t}"/>
  </bean>
</beans>
""", [t])
    t = tok()
    add("keyed/okta.auto.tfvars.json", json.dumps({"okta_org_name": org(), "okta_api_token": t}, indent=2), [t])
    t = tok()
    env = {"id": "b1f0c2a4-1111-4c8e-9e43-2f0c6f1b9d10", "name": "Okta Prod",
           "values": [{"key": "url", "value": f"https://{host()}", "enabled": True},
                      {"key": "apikey", "value": t, "enabled": True}],
           "_postman_variable_scope": "environment"}
    add("keyed/Okta-Prod.postman_environment.json", json.dumps(env, indent="\t"), [t])
    t = tok()
    add("keyed/crlf.env", f"OKTA_ORG_URL=https://{host()}\r\nOKTA_API_TOKEN={t}\r\nDEBUG=false\r\n", [t])
    t = tok()
    add("keyed/eof.env", f"OKTA_DOMAIN={host()}\nOKTA_API_TOKEN={t}", [t])
    t = tok("_")
    add("keyed/underscore.env", f"OKTA_TOKEN='{t}'\n", [t])
    t = tok()
    add("keyed/serverless.yml", f"""service: okta-hooks
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    OKTA_ISSUER: https://{host()}/oauth2/default
    OKTA_SSWS: {t}
functions:
  hook:
    handler: handler.main
""", [t])
    t = tok()
    add("keyed/local.settings.json", json.dumps({"IsEncrypted": False, "Values": {
        "AzureWebJobsStorage": "UseDevelopmentStorage=true", "FUNCTIONS_WORKER_RUNTIME": "dotnet",
        "Okta__Domain": host(), "Okta__ApiKey": t}}, indent=2), [t])
    t = tok()
    add("keyed/secrets.yaml", f"""apiVersion: v1
kind: Secret
metadata:
  name: okta-credentials
type: Opaque
stringData:
  OKTA_API_TOKEN: {t}
""", [t])


# ---------------------------------------------------------------- likely: bare with context
def likely_cases():
    t = tok()
    add("likely/handover.txt", f"""Okta handover notes (Priya, March)

org: https://{host()}
admin token for the SCIM job, created by svc-scim:
{t}
rotate before the audit!
""", [t])
    t = tok()
    msgs = [{"type": "message", "user": "U024BE7LH", "text": "can someone check why the okta sync is failing?", "ts": "1710000000.000100"},
            {"type": "message", "user": "U0G9QF9C6", "text": f"try with this one {t}", "ts": "1710000060.000200"}]
    add("likely/slack-export.json", json.dumps(msgs, indent=2), [t])
    t = tok(); t2 = tok()
    add("likely/tokens.csv", f"""org,owner,token,created
https://{host()},svc-provisioning,{t},2026-01-04
https://{host()},svc-reporting,{t2},2026-02-11
""", [t, t2])
    t = tok()
    add("likely/README.md", f"""# okta-group-sync

Syncs GitHub teams into Okta groups.

## Running locally

The prod token (ask before using): `{t}`

```
python sync.py --org https://{host()}
```
""", [t])
    t = tok()
    add("likely/sync.log", f"""2026-01-19 03:00:01 INFO starting okta group sync against https://{host()}
2026-01-19 03:00:01 DEBUG using credentials {t}
2026-01-19 03:00:04 INFO synced 42 groups
""", [t])
    t = tok()
    add("likely/params.txt", f"okta prod\n{t}\n", [t])
    # Repository context: the org is named in another file of the same directory.
    t = tok()
    add("likely/repo-a/config.yml", f"idp:\n  provider: okta\n  domain: {host()}\n", [])
    add("likely/repo-a/keys.txt", f"provisioning: {t}\n", [t])
    t = tok()
    add("likely/repo-b/docs/setup.md", f"Sign in at https://{host()} and create a token.\n", [])
    add("likely/repo-b/docs/creds.txt", f"{t}\n", [t])


# ---------------------------------------------------------------- encodings
def encoded_cases():
    t = tok()
    add("encoded/okta-secret.yaml", f"""apiVersion: v1
kind: Secret
metadata:
  name: okta-api
  namespace: identity
type: Opaque
data:
  OKTA_ORG_URL: {b64('https://' + host())}
  OKTA_API_TOKEN: {b64(t)}
""", [t])
    t = tok()
    add("encoded/scim-secret.yaml", f"""apiVersion: v1
kind: Secret
metadata:
  name: okta-scim
data:
  token: {b64(t)}
""", [t])
    t = tok(); h = host()
    cfg = {"auths": {"registry.example.com": {"username": "okta-sync", "password": t,
                                               "auth": b64("okta-sync:" + t)}}}
    add("encoded/regcred.yaml", f"""apiVersion: v1
kind: Secret
metadata:
  name: regcred
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: {b64(json.dumps(cfg))}
""", [t])
    t = tok()
    add("encoded/header.b64.txt", f"okta admin header: {b64('Authorization: SSWS ' + t)}\n", [t])
    t = tok()
    add("encoded/form.txt", f"POST /proxy HTTP/1.1\nContent-Type: application/x-www-form-urlencoded\n\ntarget=https%3A%2F%2F{host()}&Authorization=SSWS%20{t}\n", [t])
    t = tok()
    full = "".join(f"%{ord(c):02X}" for c in t)
    add("encoded/fully-encoded.log", f"GET /callback?okta_api_token={full}&state=xyz HTTP/1.1\n", [t])
    t = tok()
    add("encoded/escaped.json", json.dumps({"message": "config", "payload": json.dumps({"OKTA_API_TOKEN": t, "OKTA_DOMAIN": host()})}), [t])
    t = tok()
    uesc = "".join(f"\\u{ord(c):04x}" for c in t)
    add("encoded/unicode-escaped.js", f'const cfg = {{"oktaToken": "{uesc}"}};\n', [t])
    t = tok()
    add("encoded/Set-OktaToken.ps1", f"""# Okta admin helper
$OktaDomain = "https://{host()}"
$env:OKTA_API_TOKEN = "{t}"
Connect-Okta -Domain $OktaDomain
""", [t], encoding="utf-16")  # Python's utf-16 writes a little-endian BOM
    t = tok()
    add("encoded/legacy.config", "\ufeff" + f"""<?xml version="1.0" encoding="utf-16"?>
<configuration>
  <appSettings>
    <add key="OktaApiToken" value="{t}" />
    <add key="OktaDomain" value="https://{host()}" />
  </appSettings>
</configuration>
""", [t], encoding="utf-16-be")
    t = tok()
    add("encoded/nobom.ps1", f"$headers = @{{ Authorization = \"SSWS {t}\" }}\nInvoke-RestMethod -Uri https://{host()}/api/v1/users -Headers $headers\n", [t], encoding="utf-16-le")
    t = tok(); t2 = tok()
    nb = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Okta user audit\n", "Pull users and their last login."]},
        {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
         "source": ["import os, requests\n", f"OKTA = \"https://{host()}\"\n", f"os.environ[\"OKTA_API_TOKEN\"] = \"{t}\"\n"]},
        {"cell_type": "code", "execution_count": 2, "metadata": {},
         "outputs": [{"name": "stdout", "output_type": "stream", "text": [f"token in use: {t2}\n", "200 users\n"]}],
         "source": ["print('token in use:', get_token())\n", "print(len(users), 'users')"]}],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5}
    add("encoded/audit.ipynb", json.dumps(nb, indent=1), [t, t2])
    t = tok()
    add("encoded/mixed-crlf.yaml", f"okta:\r\n  orgUrl: https://{host()}\n  token: {t}\r\n", [t])
    t = tok()
    add("encoded/escaped-tab.json", json.dumps({"note": f"okta prod:\t{t}"}), [t])


# ---------------------------------------------------------------- negatives
def negative_cases():
    h = host()
    add("neg/.env.example", f"""OKTA_ORG_URL=https://{{yourOktaDomain}}
OKTA_API_TOKEN=${{OKTA_API_TOKEN}}
OKTA_CLIENT_TOKEN=<YOUR_TOKEN>
""", [])
    add("neg/placeholder-x.env", "OKTA_API_TOKEN=00xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", [])
    add("neg/placeholder-template.yml", "okta:\n  client:\n    token: \"{{ okta_api_token }}\"\n    orgUrl: https://{{ okta_domain }}\n", [])
    add("neg/docs-truncated.md", f"""## Create an API token

Okta returns the token only once:

```
Authorization: SSWS 00QCjAl4MlV-WPXM...0HmjFx-vbGua
```
""", [])
    add("neg/docs-example.md", """Use the token in the header:

    curl -H "Authorization: SSWS 00igKrTNyNLHCw0wYSIsoDF28cN4B3KZPETBz9pqz0" https://{yourOktaDomain}/api/v1/users
""", [])
    add("neg/zeros.env", "OKTA_API_TOKEN=000000000000000000000000000000000000000000\n", [])
    add("neg/sequence.env", "OKTA_API_TOKEN=00ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn\n", [])
    add("neg/repeat.env", "OKTA_API_TOKEN=00AbC1AbC1AbC1AbC1AbC1AbC1AbC1AbC1AbC1AbC1\n", [])
    add("neg/words.env", "OKTA_API_TOKEN=00ThisIsNotARealTokenJustForTestingIt1234\n", [])
    add("neg/digits.env", "OKTA_API_TOKEN=001234567890123456789012345678901234567890\n", [])
    t = tok()
    add("neg/too-long.env", f"OKTA_API_TOKEN={t}X\n", [])
    add("neg/too-short.env", f"OKTA_API_TOKEN={tok()[:41]}\n", [])
    users = [{"id": "00u" + "".join(rng.choice(ABC[:62]) for _ in range(17)), "status": "ACTIVE",
              "created": "2025-06-24T16:39:18.000Z", "profile": {"login": f"user{i}@example.com"},
              "_links": {"self": {"href": f"https://{h}/api/v1/users/00u..."}}} for i in range(5)]
    add("neg/users.json", json.dumps(users, indent=2), [])
    logs = [{"uuid": "f1d2e3c4-0000-11ee-9a51-1f3e6d2c8b7a", "published": "2026-03-01T10:00:00.000Z",
             "eventType": "system.api_token.create", "actor": {"id": "00u" + "".join(rng.choice(ABC[:62]) for _ in range(17))},
             "target": [{"id": "00T" + "".join(rng.choice(ABC[:62]) for _ in range(17)), "type": "Token"}],
             "transaction": {"detail": {"requestApiTokenId": "00T" + "".join(rng.choice(ABC[:62]) for _ in range(17))}}}]
    add("neg/systemlog.json", json.dumps(logs, indent=2), [])
    add("neg/groups.csv", "id,name\n" + "".join(f"00g{''.join(rng.choice(ABC[:62]) for _ in range(17))},Team {i}\n" for i in range(8)), [])
    add("neg/authn-response.json", json.dumps({
        "stateToken": tok(), "expiresAt": "2026-03-01T10:05:00.000Z", "status": "MFA_REQUIRED",
        "_embedded": {"user": {"id": "00ub0oNGTSWTBKOLGLNR", "profile": {"login": "dade@example.com"}}},
        "_links": {"next": {"href": f"https://{h}/api/v1/authn/factors/verify"}}}, indent=2), [])
    add("neg/session.json", json.dumps({"expiresAt": "2026-03-01T10:05:00.000Z", "status": "SUCCESS",
                                        "sessionToken": tok(), "_embedded": {"user": {"id": "00ub0oNGTSWTBKOLGLNR"}}}, indent=2), [])
    add("neg/recovery.json", json.dumps({"status": "RECOVERY", "recoveryToken": tok(), "recoveryType": "PASSWORD",
                                         "_links": {"next": {"href": f"https://{h}/api/v1/authn/recovery/token"}}}), [])
    add("neg/login.js", f"""const authClient = new OktaAuth({{ issuer: 'https://{h}/oauth2/default' }});
authClient.token.getWithRedirect({{ sessionToken: '{tok()}' }});
""", [])
    add("neg/redirect.log", f"302 https://{h}/login/sessionCookieRedirect?checkAccountSetupComplete=true&token={tok()}&redirectUrl=https%3A%2F%2Fapp\n".replace("&token=", "&sessionToken="), [])
    # Windows inside longer blobs.
    pem_body = base64.b64encode(bytes(rng.getrandbits(8) for _ in range(900))).decode()
    pem = "\n".join(pem_body[i:i + 64] for i in range(0, len(pem_body), 64))
    add("neg/okta-signing.pem", f"-----BEGIN CERTIFICATE-----\n{pem}\n-----END CERTIFICATE-----\n", [])
    for i in range(6):
        lines = []
        for j in range(30):
            raw = bytes(rng.getrandbits(8) for _ in range(64))
            enc = base64.b64encode(raw).decode()
            if j % 7 == 3:  # plant a token-shaped window inside the blob
                enc = enc[:10] + "+" + tok() + "/" + enc[53:]
            lines.append(f'    "node_modules/pkg-{i}-{j}": {{ "version": "1.{j}.0", "resolved": "https://registry.npmjs.org/pkg-{i}-{j}/-/pkg-{i}-{j}-1.{j}.0.tgz", "integrity": "sha512-{enc}==" }},')
        add(f"neg/lock{i}/package-lock.json", '{\n  "name": "okta-admin-ui",\n  "lockfileVersion": 3,\n  "packages": {\n' + "\n".join(lines) + '\n    "": {}\n  }\n}\n', [])
    yl = "".join(f'"@okta/okta-auth-js@^7.{i}.0":\n  version "7.{i}.3"\n  resolved "https://registry.yarnpkg.com/@okta/okta-auth-js/-/okta-auth-js-7.{i}.3.tgz#{"".join(rng.choice("0123456789abcdef") for _ in range(40))}"\n  integrity sha512-{base64.b64encode(bytes(rng.getrandbits(8) for _ in range(64))).decode()}\n\n' for i in range(12))
    add("neg/yarn.lock", yl, [])
    add("neg/go.sum", "".join(f"github.com/okta/okta-sdk-golang/v2 v2.{i}.0 h1:{base64.b64encode(bytes(rng.getrandbits(8) for _ in range(32))).decode()}\n" for i in range(20)), [])
    add("neg/Cargo.lock", "".join(f'[[package]]\nname = "okta-crate-{i}"\nversion = "0.{i}.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "00{"".join(rng.choice("0123456789abcdef") for _ in range(62))}"\n\n' for i in range(10)), [])
    img = base64.b64encode(bytes(rng.getrandbits(8) for _ in range(3000))).decode()
    add("neg/okta-login.css", f".okta-sign-in-header {{ background: url(data:image/png;base64,{img}) no-repeat; }}\n", [])
    # a minified bundle: long lines, base64 assets, hashes
    chunks = []
    for i in range(40):
        chunks.append(f'function a{i}(e,t){{return e.okta&&t["x{i}"]?"{base64.b64encode(bytes(rng.getrandbits(8) for _ in range(rng.randint(30, 120)))).decode()}":void 0}}')
    add("neg/okta-widget.min.js", ";".join(chunks) + "\n", [])
    mapping = ",".join("".join(rng.choice(ABC[:64].replace("_", "+").replace("-", "/")) for _ in range(rng.randint(4, 12))) for _ in range(2000))
    add("neg/okta-widget.min.js.map", json.dumps({"version": 3, "sources": ["okta.js"], "names": [], "mappings": mapping}), [])
    header = base64.urlsafe_b64encode(b'{"kid":"abc","alg":"RS256"}').decode().rstrip("=")
    payload = base64.urlsafe_b64encode(json.dumps({"sub": "00ub0oNGTSWTBKOLGLNR", "iss": f"https://{h}/oauth2/default", "aud": "api://default"}).encode()).decode().rstrip("=")
    sig = base64.urlsafe_b64encode(bytes(rng.getrandbits(8) for _ in range(256))).decode().rstrip("=")
    add("neg/okta-id-token.txt", f"id_token={header}.{payload}.{sig}\n", [])
    add("neg/id_ed25519.pub", f"ssh-ed25519 {base64.b64encode(bytes(rng.getrandbits(8) for _ in range(51))).decode()} okta-deploy@build\n", [])
    add("neg/commits.txt", "".join(f"00{''.join(rng.choice('0123456789abcdef') for _ in range(38))} fix okta sync #{i}\n" for i in range(20)), [])
    add("neg/hexdump.txt", "".join(f"{i*16:08x}  {' '.join(f'{rng.getrandbits(8):02x}' for _ in range(16))}\n" for i in range(40)), [])
    # noise that mentions Okta but holds no token
    add("neg/okta-notes.md", f"""# Okta migration

* Org: https://{h}
* SCIM app id: 0oa1b2c3d4E5f6G7h8i9
* Admin group: 00g1ab2cd3EF4gh5ij6k
* Token id (not the token): 00T1ab2cd3EF4gh5ij6k
Tokens live in Vault at secret/okta/prod.
""", [])
    add("neg/okta-access.log", "".join(f'10.0.{i}.7 - - [01/Mar/2026:10:00:{i:02d} +0000] "GET /api/v1/users/00u{"".join(rng.choice(ABC[:62]) for _ in range(17))} HTTP/1.1" 200 512 "-" "okta-sdk-java/8.2.5" req_id={"".join(rng.choice(ABC[:62]) for _ in range(24))}\n' for i in range(30)), [])
    add("neg/empty-notebook.ipynb", json.dumps({"cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": ["import okta\n", "client = okta.Client(token=os.environ['OKTA_API_TOKEN'])"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1), [])
    # random token-shaped ids with no Okta context at all (file scope only)
    add("neg/build-ids.txt", "".join(f"build {i}: {tok()}\n" for i in range(5)), [])
    add("neg/app.env", f"GITHUB_TOKEN={tok()}\nSTRIPE_KEY=sk_live_{''.join(rng.choice(ABC[:62]) for _ in range(24))}\n", [])
    add("neg/wrong-prefix.env", f"OKTA_API_TOKEN=01{tok()[2:]}\n", [])
    add("neg/inside-longer.txt", f"okta blob {tok()}{tok()}\n", [])
    add("neg/base64-window.txt", f"okta cert MIIB{base64.b64encode(bytes(rng.getrandbits(8) for _ in range(30))).decode()}/{tok()}+abc==\n", [])
    add("neg/okta-api-spec.yaml", """components:
  securitySchemes:
    apiToken:
      type: apiKey
      in: header
      name: Authorization
      description: 'SSWS {apiToken}'
""", [])
    add("neg/redacted.log", "2026-03-01 okta request Authorization: SSWS 00aB3d…redacted…Xy9\n", [])
    add("neg/masked.env", "OKTA_API_TOKEN=00**************************************\n", [])


def noise_cases():
    """Realistic files without tokens, each a chance for a false alarm."""
    for i in range(18):
        kind = i % 6
        if kind == 0:
            text = "".join(f"2026-03-0{1 + j % 9}T10:{j:02d}:00Z INFO request id={''.join(rng.choice(ABC) for _ in range(rng.choice([20, 24, 32, 40, 44])))} okta latency={rng.randint(20, 900)}ms\n" for j in range(60))
            add(f"noise/service-{i}.log", text, [])
        elif kind == 1:
            text = "id,amount,ref\n" + "".join(f"{j},{rng.randint(1, 9999)}.{rng.randint(0, 99):02d},{''.join(rng.choice(ABC) for _ in range(rng.choice([16, 30, 41, 43, 50])))}\n" for j in range(80))
            add(f"noise/ledger-{i}.csv", text, [])
        elif kind == 2:
            text = "".join(f"export const k{j} = '{base64.b64encode(bytes(rng.getrandbits(8) for _ in range(rng.randint(20, 90)))).decode()}';\n" for j in range(40))
            add(f"noise/assets-{i}.js", text, [])
        elif kind == 3:
            text = "".join(f"{''.join(rng.choice('0123456789abcdef') for _ in range(64))}  dist/okta-{j}.tgz\n" for j in range(30))
            add(f"noise/SHA256SUMS-{i}", text, [])
        elif kind == 4:
            text = json.dumps({"okta": {"users": [{"id": "00u" + "".join(rng.choice(ABC[:62]) for _ in range(17)), "etag": "".join(rng.choice(ABC) for _ in range(42))} for _ in range(10)]}}, indent=2)
            add(f"noise/export-{i}.json", text, [])
        else:
            text = "\n".join(f"<img src=\"data:image/gif;base64,{base64.b64encode(bytes(rng.getrandbits(8) for _ in range(rng.randint(40, 200)))).decode()}\">" for _ in range(10))
            add(f"noise/okta-page-{i}.html", "<html><body>" + text + "</body></html>\n", [])


def more_cases():
    t = tok()
    add("more/bash_history", f"""ls -la
cd infra/okta
curl -s https://{host()}/api/v1/users/me -H 'Authorization: SSWS {t}' | jq .
git status
""", [t])
    t = tok()
    add("more/vault-seed.sh", f"vault kv put secret/okta/prod org_url=https://{host()} api_token={t}\n", [t])
    t = tok()
    add("more/k8s-bootstrap.sh", f"kubectl -n identity create secret generic okta-api --from-literal=okta-api-token={t}\n", [t])
    t = tok()
    add("more/ssm.sh", f"aws ssm put-parameter --name /prod/okta/api-token --type SecureString --value {t}\n", [t])
    t = tok()
    add("more/docker-run.sh", f"docker run --rm -e OKTA_ORG_URL=https://{host()} -e OKTA_API_TOKEN={t} example/okta-export:latest\n", [t])
    t = tok()
    add("more/jira-comment.txt", f"""OPS-2211: Okta user sync broken

Reporter: the job in https://{host()} fails with 401. I regenerated the token, new one is
{t}
please update the CI variable.
""", [t])
    t = tok()
    add("more/conftest.py", f"""import pytest
from okta.client import Client as OktaClient


@pytest.fixture
def okta_client():
    return OktaClient({{"orgUrl": "https://{host()}", "token": "{t}"}})
""", [t])
    t = tok()
    add("more/index.ts", f"""import {{ Client }} from '@okta/okta-sdk-nodejs';

export const client = new Client({{
  orgUrl: 'https://{host()}/',
  token: '{t}',
}});
""", [t])
    add("more/okta-cli-output.txt", f"""$ okta apps
Token id: 00T1xyz2abc3DEF4ghi5
App: 0oa9zyx8wvu7TSR6qpo5  Name: Admin UI
""", [])
    add("more/ticket.txt", "The okta token starts with 00aB and ends with Xy9; full value is in Vault.\n", [])
    add("more/okta-env.example", "OKTA_ORG_URL=https://dev-123456.okta.com\nOKTA_API_TOKEN=00your-api-token-goes-here-please-replace12\n", [])
    add("more/okta.tf", '''variable "okta_api_token" {
  type      = string
  sensitive = true
}

provider "okta" {
  org_name  = var.okta_org_name
  base_url  = "okta.com"
  api_token = var.okta_api_token
}
''', [])

# ---------------------------------------------------------------- shapes seen in real projects
def real_shapes_cases():
    # A form-encoded body: `+` is a space, so `SSWS+<token>` is a header, not base64.
    t = tok()
    add("encoded/vault-put.sh", f"""#!/bin/sh
# store the okta CI token in the secrets service
curl -s -X POST https://vault.internal.example/v1/kv/okta \\
  -d "name=okta-ci&value=SSWS+{t}&ttl=720h"
""", [t])
    # Minified bundles: token-shaped identifiers are not tokens, string literals may be.
    ident = tok()
    add("neg/vendor.4f1c2a.min.js",
        f'/*! okta-auth-js */!function(){{"use strict";var ${ident}=n(63716);'
        f't.${ident}=function(e){{return e}};(0,${ident}.jsx)("div",{{}});var r=n(1)}}();\n', [])
    t = tok()
    add("likely/app.9c2e1d.min.js",
        f'/*! okta admin console */!function(){{var e={{url:"https://{host()}",k:"{t}"}};'
        f'window.__cfg=e}}();\n', [t])
    # Login-flow tokens behind markup: the key and the value are split.
    st = tok()
    add("neg/okta-login.html", f"""<form method="post" action="https://{host()}/login/step-up/redirect">
  <input type="hidden" name="stateToken" value='{st}'>
  <input type="submit" value="Continue">
</form>
""", [])
    st = tok()
    add("neg/authn-response.xml", f"""<okta>
  <status>MFA_REQUIRED</status>
  <stateToken>{st}</stateToken>
</okta>
""", [])
    st = tok()
    add("neg/okta-flow.har", json.dumps({"log": {"entries": [{"request": {
        "url": f"https://{host()}/api/v1/authn/factors/verify",
        "postData": {"params": [{"name": "stateToken", "value": st}]}}}]}}, indent=2), [])
    st = tok()
    add("neg/okta-authn-fixture.yaml", f"""okta_authn:
  status: MFA_CHALLENGE
  stateToken: |
    {st}
""", [])
    # A placeholder made by hand, from Okta's own docs: an alphabet walk that switches case.
    add("neg/okta-api-docs.md", """## Create a token
```
curl -H "Accept: application/json" https://${yourOktaDomain}/api/v1/users \\
  -H "Authorization: SSWS 00aBCdE0FGHijklmNO1pQ2RStuvWx34Y5z67ABCDEf"
```
""", [])
    # A file that is nothing but a token, named as a credential, under an Okta path.
    t = tok()
    add("keyed/okta-token.txt", f"{t}\n", [t])


ssws_cases()
more_cases()
keyed_cases()
likely_cases()
encoded_cases()
negative_cases()
noise_cases()
real_shapes_cases()

if os.path.exists(OUT):
    shutil.rmtree(OUT)
labels = {}
for path, data, tokens in cases:
    full = os.path.join(OUT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data)
    labels[path] = tokens
# Directories the test turns into git repositories before scanning (git refuses to commit a
# nested .git), so that an Okta mention in one file counts for the others.
repos = ["likely/repo-a", "likely/repo-b"]
with open(os.path.join(HERE, "labels.json"), "w") as f:
    json.dump({"repos": repos, "cases": labels}, f, indent=1, sort_keys=True)
    f.write("\n")
print(f"{len(cases)} cases, {sum(len(t) for t in labels.values())} tokens")
