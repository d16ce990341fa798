import { LeaderboardPage } from "@/components/leaderboard/leaderboard-page";

export const metadata = { title: "Leaderboard" };

export default function Page() {
  return <LeaderboardPage />;
}
