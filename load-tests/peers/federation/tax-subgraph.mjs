// Federation peer, subgraph 2 of 2: income records (tax, MariaDB) contributed to the Resident entity.
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import mariadb from 'mariadb';

const tax = mariadb.createPool({
  host: '127.0.0.1',
  port: 3306,
  user: 'root',
  database: process.env.TAX_DATABASE,
  connectionLimit: 8,
  // Decimals as strings, like the gateway's Decimal scalar; no precision lost on the way.
  decimalAsNumber: false,
});

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

  type Resident @key(fields: "idNumber") {
    idNumber: ID!
    incomes(year: Int): [IncomeRecord!]!
  }

  type IncomeRecord {
    year: Int!
    annualIncome: String!
  }
`);

const resolvers = {
  Resident: {
    __resolveReference({ idNumber }) {
      return { idNumber };
    },
    async incomes({ idNumber }, { year }) {
      const rows = year == null
        ? await tax.query('SELECT tax_year, annual_income FROM income_record WHERE id_number = ?', [idNumber])
        : await tax.query('SELECT tax_year, annual_income FROM income_record WHERE id_number = ? AND tax_year = ?',
            [idNumber, year]);
      return rows.map((row) => ({ year: row.tax_year, annualIncome: String(row.annual_income) }));
    },
  },
};

// No usage reporting is configured, so per-request inline traces would only cost time.
const server = new ApolloServer({
  schema: buildSubgraphSchema([{ typeDefs, resolvers }]),
  plugins: [ApolloServerPluginInlineTraceDisabled()],
});
const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: Number(process.env.PORT) } });
console.log(`tax subgraph at ${url}`);
