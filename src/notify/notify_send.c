#include "notify/notify_send.h"

#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/clock.h"
#include "notify/notify_json.h"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_start(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

static void hmac(const unsigned char *key, size_t keylen, const char *msg, size_t len,
                 unsigned char mac[crypto_auth_hmacsha256_BYTES])
{
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, keylen);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, len);
    crypto_auth_hmacsha256_final(&st, mac);
}

void notify_sign_dingtalk(const char *secret, int64_t ms, char *out, size_t cap)
{
    char msg[512];
    int n = snprintf(msg, sizeof(msg), "%lld\n%s", (long long)ms, secret);
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    hmac((const unsigned char *)secret, strlen(secret), msg,
         n < 0                      ? 0
         : (size_t)n >= sizeof(msg) ? sizeof(msg) - 1
                                    : (size_t)n,
         mac);
    sodium_bin2base64(out, cap, mac, sizeof(mac), sodium_base64_VARIANT_ORIGINAL);
}

void notify_sign_feishu(const char *secret, int64_t s, char *out, size_t cap)
{
    char key[512];
    int n = snprintf(key, sizeof(key), "%lld\n%s", (long long)s, secret);
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    hmac((const unsigned char *)key,
         n < 0                      ? 0
         : (size_t)n >= sizeof(key) ? sizeof(key) - 1
                                    : (size_t)n,
         "", 0, mac);
    sodium_bin2base64(out, cap, mac, sizeof(mac), sodium_base64_VARIANT_ORIGINAL);
}

void notify_sign_webhook(const char *secret, int64_t s, const char *body, char *out, size_t cap)
{
    struct buf b;
    buf_init(&b, 0);
    buf_printf(&b, "%lld.%s", (long long)s, body);
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    hmac((const unsigned char *)secret, strlen(secret), buf_cstr(&b), b.len, mac);
    buf_release(&b);
    sodium_bin2hex(out, cap, mac, sizeof(mac));
}

/* ---- e-mail ---- */

/* "=?UTF-8?B?…?=" of a header value (RFC 2047). */
static void encoded_word(struct buf *b, const char *text)
{
    size_t n = strlen(text);
    size_t cap = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
    char *enc = malloc(cap);
    if (!enc)
        return;
    sodium_bin2base64(enc, cap, (const unsigned char *)text, n, sodium_base64_VARIANT_ORIGINAL);
    buf_printf(b, "=?UTF-8?B?%s?=", enc);
    free(enc);
}

/* The message text: headers, then the body in base64 lines of 76. */
static void email_text(struct buf *b, const struct notify_channel *ch,
                       const struct notify_message *m, const char *url, int64_t now)
{
    char date[64];
    time_t t = (time_t)now;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
    buf_printf(b, "Date: %s\r\nFrom: %s\r\nTo: %s\r\nSubject: ", date, ch->sender, m->recipient);
    encoded_word(b, m->subject);
    buf_printf(b,
               "\r\nMessage-ID: <kehu-%lld-%lld@kehu>\r\nMIME-Version: 1.0\r\n"
               "Content-Type: text/plain; charset=UTF-8\r\n"
               "Content-Transfer-Encoding: base64\r\n\r\n",
               (long long)m->id, (long long)now);
    struct buf body;
    buf_init(&body, 0);
    buf_printf(&body, "%s\n", m->body);
    if (url && *url)
        buf_printf(&body, "\n%s\n", url);
    buf_printf(&body, "\n-- \nKehu 客户管理\n");
    size_t cap = sodium_base64_encoded_len(body.len, sodium_base64_VARIANT_ORIGINAL);
    char *enc = malloc(cap);
    if (enc) {
        sodium_bin2base64(enc, cap, (const unsigned char *)buf_cstr(&body), body.len,
                          sodium_base64_VARIANT_ORIGINAL);
        for (size_t i = 0, n = strlen(enc); i < n; i += 76)
            buf_printf(b, "%.*s\r\n", (int)(n - i < 76 ? n - i : 76), enc + i);
        free(enc);
    }
    buf_release(&body);
}

struct upload {
    const char *data;
    size_t len, at;
};

static size_t read_cb(char *ptr, size_t size, size_t nmemb, void *arg)
{
    struct upload *u = arg;
    size_t n = size * nmemb, left = u->len - u->at;
    if (n > left)
        n = left;
    memcpy(ptr, u->data + u->at, n);
    u->at += n;
    return n;
}

/* The receiver's answer, kept up to 4 KB. */
static size_t write_cb(char *ptr, size_t size, size_t nmemb, void *arg)
{
    struct buf *b = arg;
    size_t n = size * nmemb;
    if (b->len < 4096)
        buf_append(b, ptr, b->len + n > 4096 ? 4096 - b->len : n);
    return n;
}

static void common(CURL *c, const char *protocols)
{
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, protocols);
}

static bool scheme_is(const char *url, const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    return url && (!strncmp(url, a, la) || !strncmp(url, b, lb));
}

static void send_email(const struct notify_channel *ch, const struct notify_message *m,
                       const char *url, int64_t now, struct notify_delivery *out)
{
    if (!scheme_is(ch->url, "smtp://", "smtps://")) {
        snprintf(out->detail, sizeof(out->detail), "the server is not an smtp:// or smtps:// URL");
        return;
    }
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(out->detail, sizeof(out->detail), "cannot start libcurl");
        return;
    }
    struct buf text;
    buf_init(&text, 0);
    email_text(&text, ch, m, url, now);
    struct upload up = {buf_cstr(&text), text.len, 0};
    char from[320], to[320];
    snprintf(from, sizeof(from), "<%s>", ch->sender);
    snprintf(to, sizeof(to), "<%s>", m->recipient);
    struct curl_slist *rcpt = curl_slist_append(NULL, to);
    common(c, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_URL, ch->url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, &up);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    /* STARTTLS when the server offers it; smtps:// is TLS from the start. */
    curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    if (ch->username && *ch->username) {
        curl_easy_setopt(c, CURLOPT_USERNAME, ch->username);
        curl_easy_setopt(c, CURLOPT_PASSWORD, ch->secret ? ch->secret : "");
    }
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    out->ok = rc == CURLE_OK;
    if (out->ok)
        snprintf(out->detail, sizeof(out->detail), "SMTP %ld accepted", code);
    else
        snprintf(out->detail, sizeof(out->detail), "SMTP %ld: %s", code, curl_easy_strerror(rc));
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    buf_release(&text);
}

/* ---- webhooks ---- */

static void send_post(const struct notify_channel *ch, const struct notify_message *m,
                      const char *url, int64_t now, struct notify_delivery *out)
{
    if (!scheme_is(ch->url, "https://", "http://")) {
        snprintf(out->detail, sizeof(out->detail), "the address is not an http(s):// URL");
        return;
    }
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(out->detail, sizeof(out->detail), "cannot start libcurl");
        return;
    }
    bool signed_ = ch->secret && *ch->secret;
    char sign[128] = "", target[2048];
    snprintf(target, sizeof(target), "%s", ch->url);
    if (!strcmp(ch->kind, "dingtalk") && signed_) {
        int64_t ms = now * 1000;
        notify_sign_dingtalk(ch->secret, ms, sign, sizeof(sign));
        char *esc = curl_easy_escape(c, sign, 0);
        snprintf(target, sizeof(target), "%s%ctimestamp=%lld&sign=%s", ch->url,
                 strchr(ch->url, '?') ? '&' : '?', (long long)ms, esc ? esc : "");
        curl_free(esc);
    } else if (!strcmp(ch->kind, "feishu") && signed_) {
        notify_sign_feishu(ch->secret, now, sign, sizeof(sign));
    }
    char *body = notify_json_body(ch->kind, m, url, now,
                                  !strcmp(ch->kind, "feishu") && signed_ ? sign : NULL);
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json; charset=utf-8");
    if ((!strcmp(ch->kind, "webhook") || !strcmp(ch->kind, "sms")) && signed_ && body) {
        char hex[crypto_auth_hmacsha256_BYTES * 2 + 1], line[160];
        notify_sign_webhook(ch->secret, now, body, hex, sizeof(hex));
        snprintf(line, sizeof(line), "X-Kehu-Timestamp: %lld", (long long)now);
        h = curl_slist_append(h, line);
        snprintf(line, sizeof(line), "X-Kehu-Signature: sha256=%s", hex);
        h = curl_slist_append(h, line);
    }
    struct buf answer;
    buf_init(&answer, 0);
    common(c, "http,https");
    curl_easy_setopt(c, CURLOPT_URL, target);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "{}");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "Kehu-notify/1");
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    const char *text = buf_cstr(&answer);
    if (rc != CURLE_OK) {
        snprintf(out->detail, sizeof(out->detail), "%s", curl_easy_strerror(rc));
    } else if (code < 200 || code > 299) {
        snprintf(out->detail, sizeof(out->detail), "HTTP %ld: %.200s", code, text);
    } else {
        char why[240] = "";
        out->ok = notify_json_accepted(ch->kind, text, why, sizeof(why));
        snprintf(out->detail, sizeof(out->detail), "HTTP %ld%s%s", code, *why ? ": " : "", why);
    }
    buf_release(&answer);
    curl_slist_free_all(h);
    free(body);
    curl_easy_cleanup(c);
}

void notify_send(const struct notify_channel *ch, const struct notify_message *m, const char *url,
                 int64_t now, struct notify_delivery *out)
{
    pthread_once(&curl_once, curl_start);
    memset(out, 0, sizeof(*out));
    int64_t t0 = clock_mono_us();
    if (!strcmp(ch->kind, "email"))
        send_email(ch, m, url, now, out);
    else
        send_post(ch, m, url, now, out);
    out->ms = (clock_mono_us() - t0) / 1000;
}
