{
  "targets": [
    {
      "target_name": "page_cache",
      "sources": ["native/page_cache.c"],
      "cflags": ["-O2", "-Wall", "-Wextra"]
    }
  ]
}
