// Vite's ambient types (import.meta.glob, asset imports) for the client sources.
/// <reference types="vite/client" />
