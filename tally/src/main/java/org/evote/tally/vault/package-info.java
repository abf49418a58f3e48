/** Guardian secret state at rest: one file per guardian, Argon2id passphrase key and AES-256-GCM. */
package org.evote.tally.vault;
