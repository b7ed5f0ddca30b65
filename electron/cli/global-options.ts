export interface GlobalOptions {
  dataDir: string;
}
