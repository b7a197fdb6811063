#ifndef KH_HTTP_ASSETS_H
#define KH_HTTP_ASSETS_H

/* The web UI, embedded at build time by scripts/embed_assets.py. */

#include <stddef.h>

struct kh_asset {
    const char *path; /* "/index.html", "/assets/app-1234.js" */
    const char *content_type;
    const unsigned char *data;
    size_t len;
    int immutable; /* hashed file names: cache for a year */
};

/* Terminated by an entry with path == NULL. */
extern const struct kh_asset kh_assets[];

#endif
