// Imported first by main.ts. File writes, fsyncs and fdatasyncs of concurrent uploads all run in
// libuv's thread pool, 4 threads by default, where a slow fsync would hold up every other upload.
// libuv reads this once, on first use of the pool, so it must be set before anything touches it.
process.env.UV_THREADPOOL_SIZE ??= '16';
