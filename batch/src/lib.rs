//! docpipe-batch: runs a docpipe pipeline over whole folders: in parallel, sharded, resumable, with a JSON report.
