// posix_fadvise(POSIX_FADV_DONTNEED), after sync_file_range(2) when asked, for Node, which has no
// binding for either: the registry writes blob bytes back as they come and drops them from the page
// cache unless they are among the recently pushed it keeps (see src/page-cache.ts and
// src/recent-blobs.ts for why). The calls run in libuv's thread pool: writeback waits for the disk.
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <fcntl.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <node_api.h>

typedef struct {
  int32_t fd;
  int64_t offset;
  int64_t length;
  bool write_back;
  bool drop_pages;
  int result;
  napi_ref callback;
  napi_async_work work;
} DropRequest;

static void drop_execute(napi_env env, void *data) {
  (void)env;
  DropRequest *request = data;
  // Only clean pages can be dropped: write the dirty ones and wait for them (no journal commit and no
  // disk cache flush, unlike fdatasync; durability is the final fdatasync's job).
  if (request->write_back &&
      sync_file_range(request->fd, (off_t)request->offset, (off_t)request->length,
                      SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER) != 0) {
    request->result = errno;
    return;
  }
  if (!request->drop_pages) return;
  request->result = posix_fadvise(request->fd, (off_t)request->offset, (off_t)request->length,
                                  POSIX_FADV_DONTNEED);
}

static void drop_complete(napi_env env, napi_status status, void *data) {
  DropRequest *request = data;
  napi_value callback, global, result;
  if (status == napi_ok && napi_get_reference_value(env, request->callback, &callback) == napi_ok) {
    napi_get_global(env, &global);
    napi_create_int32(env, request->result, &result);
    napi_call_function(env, global, callback, 1, &result, NULL);
  }
  napi_delete_reference(env, request->callback);
  napi_delete_async_work(env, request->work);
  free(request);
}

// drop(fd, offset, length, writeBack, dropPages, callback(errno)); length 0 means "to the end of the
// file". With dropPages false it only writes back (the pages stay cached, clean).
static napi_value drop(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6], name;
  napi_valuetype callback_type = napi_undefined;
  DropRequest *request = calloc(1, sizeof(DropRequest));
  if (request == NULL) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 6 ||
      napi_get_value_int32(env, argv[0], &request->fd) != napi_ok ||
      napi_get_value_int64(env, argv[1], &request->offset) != napi_ok ||
      napi_get_value_int64(env, argv[2], &request->length) != napi_ok ||
      napi_get_value_bool(env, argv[3], &request->write_back) != napi_ok ||
      napi_get_value_bool(env, argv[4], &request->drop_pages) != napi_ok ||
      napi_typeof(env, argv[5], &callback_type) != napi_ok || callback_type != napi_function) {
    free(request);
    napi_throw_type_error(env, NULL,
                          "drop(fd, offset, length, writeBack, dropPages, callback): three integers, two booleans, a function");
    return NULL;
  }
  napi_create_reference(env, argv[5], 1, &request->callback);
  napi_create_string_utf8(env, "harbor-ts:page-cache-drop", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, drop_execute, drop_complete, request, &request->work);
  napi_queue_async_work(env, request->work);
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "drop", NAPI_AUTO_LENGTH, drop, NULL, &fn);
  napi_set_named_property(env, exports, "drop", fn);
  return exports;
}
