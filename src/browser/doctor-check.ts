/** One line of `xhs-news doctor`: what was checked, whether it passed, and what to do if not. */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** What the person should do when the check failed. */
  fix?: string;
}
