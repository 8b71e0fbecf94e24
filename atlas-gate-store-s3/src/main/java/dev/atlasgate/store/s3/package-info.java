/** The S3 backend of the audit log, and exports of any audit log to S3. */
package dev.atlasgate.store.s3;
