/**
 * Implementation of mino-credentials: not API, may change in any release. The classes that touch a
 * cloud SDK live here and are loaded only after {@link dev.mino.credentials.internal.Sdk} has
 * confirmed that the SDK is on the class path.
 */
package dev.mino.credentials.internal;
