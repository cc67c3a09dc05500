// asl-validator ships no types; only what the engine tests use.
declare module 'asl-validator' {
  interface ValidationOptions {
    checkPaths?: boolean;
    checkArn?: boolean;
  }
  interface ValidationResult {
    isValid: boolean;
    errors: unknown[];
    errorsText(separator?: string): string;
  }
  /** Note: it annotates the definition it is given in place (QueryLanguage): pass a copy. */
  export default function aslValidator(definition: object, options?: ValidationOptions): ValidationResult;
}
